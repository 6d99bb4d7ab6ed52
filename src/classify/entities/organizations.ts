/**
 * Organisations the rules cannot find alone (no suffix such as "Corp" or "Ministry"), with the other
 * names they go by. Format: [name, aliases]. Written for this project; matching is case-sensitive.
 */
export type OrganizationRow = readonly [name: string, aliases: readonly string[]];

export const ORGANIZATIONS: readonly OrganizationRow[] = [
  ['United Nations', ['UN', 'U.N.']], ['UN Security Council', ['Security Council', 'U.N. Security Council']],
  ['NATO', ['Nato', 'North Atlantic Treaty Organization', 'North Atlantic Treaty Organisation']], ['European Union', ['EU', 'E.U.']],
  ['European Commission', []], ['European Parliament', []], ['European Central Bank', ['ECB']],
  ['OPEC', ['Opec', 'Organization of the Petroleum Exporting Countries']], ['OPEC+', []],
  ['International Monetary Fund', ['IMF']], ['World Bank', []], ['World Trade Organization', ['WTO', 'World Trade Organisation']],
  ['World Health Organization', ['WHO', 'World Health Organisation']], ['International Atomic Energy Agency', ['IAEA']],
  ['Federal Reserve', ['Fed', 'US Federal Reserve']], ['Bank of England', []], ['Bank of Japan', []],
  ['G7', ['Group of Seven']], ['G20', ['Group of 20']], ['BRICS', []], ['ASEAN', ['Asean']], ['African Union', []],
  ['Arab League', []], ['OSCE', []], ['Interpol', []], ['Red Cross', ['ICRC']], ['Amnesty International', []],
  ['Human Rights Watch', []], ['Greenpeace', []], ['FIFA', ['Fifa']], ['UEFA', ['Uefa']],
  ['International Olympic Committee', ['IOC']], ['International Criminal Court', ['ICC']],
  ['International Court of Justice', ['ICJ']], ['UNESCO', ['Unesco']], ['UNICEF', ['Unicef']], ['UNHCR', []],
  ['Hamas', []], ['Hezbollah', []], ['Taliban', []], ['Islamic State', ['ISIS', 'ISIL', 'Daesh']], ['al-Qaeda', ['Al Qaeda', 'al Qaeda']],
  ['Houthis', ['Houthi']], ['Wagner Group', ['Wagner']], ['Islamic Revolutionary Guard Corps', ['IRGC', 'Revolutionary Guards']],
  ['FBI', []], ['CIA', []], ['Pentagon', []], ['Kremlin', []], ['White House', []], ['Downing Street', []],
  ['MI5', []], ['MI6', []], ['Mossad', []], ['NASA', ['Nasa']], ['European Space Agency', ['ESA']],
  ['Securities and Exchange Commission', ['SEC']], ['Environmental Protection Agency', ['EPA']], ['NHS', []],
  ['Labour Party', ['Labour']], ['Conservative Party', ['Conservatives', 'Tories', 'Tory']], ['Liberal Democrats', ['Lib Dems']],
  ['Democratic Party', ['Democrats']], ['Republican Party', ['Republicans', 'GOP']], ['SNP', []], ['Bundestag', []],
  ['State Duma', ['Duma']], ['Knesset', []], ['US Congress', ['Congress']], ['US Senate', []],
  ['Gazprom', []], ['Rosneft', []], ['Lukoil', []], ['Saudi Aramco', ['Aramco']], ['Shell', ['Royal Dutch Shell']],
  ['BP', ['British Petroleum']], ['ExxonMobil', ['Exxon Mobil', 'Exxon']], ['Chevron', []], ['TotalEnergies', []],
  ['Google', ['Alphabet']], ['Apple', []], ['Microsoft', []], ['Amazon', []], ['Meta', ['Facebook']], ['Tesla', []],
  ['Nvidia', []], ['Intel', []], ['IBM', []], ['OpenAI', []], ['Twitter', []], ['TikTok', []], ['ByteDance', []],
  ['Alibaba', []], ['Tencent', []], ['Huawei', []], ['Samsung', []], ['Sony', []], ['Nintendo', []], ['Netflix', []],
  ['Disney', []], ['Boeing', []], ['Airbus', []], ['Toyota', []], ['Volkswagen', ['VW']], ['General Motors', ['GM']],
  ['Ford', ['Ford Motor']], ['Nissan', []], ['Renault', []], ['Honda', []], ['Fiat', []], ['Uber', []], ['SpaceX', []],
  ['Goldman Sachs', []], ['JPMorgan', ['JP Morgan', 'JPMorgan Chase']], ['Morgan Stanley', []], ['HSBC', []],
  ['Barclays', []], ['Deutsche Bank', []], ['Walmart', []], ['Nestle', ['Nestlé']], ['Unilever', []], ['Pfizer', []],
  ['Moderna', []], ['BioNTech', []], ['AstraZeneca', []], ['Siemens', []], ['Vodafone', []], ['Yahoo', []],
  ['eBay', []], ['AOL', []], ['Time Warner', ['TimeWarner']], ['BBC', []], ['CNN', []], ['Reuters', []],
  ['Associated Press', ['AP']], ['Bloomberg', []], ['Agence France-Presse', ['AFP']], ['Al Jazeera', []],
  ['Premier League', []], ['Manchester United', ['Man Utd']], ['Chelsea', []], ['Arsenal', []], ['Liverpool FC', []],
  ['Real Madrid', []], ['Barcelona FC', ['Barca', 'FC Barcelona']], ['Georgia Tech', []], ['Virginia Tech', []],
  ['Texas Tech', []], ['Louisiana Tech', []], ['Mercosur', ['Mercosul']], ['Activision Blizzard', []], ['Orsted', ['Ørsted']],
  ['Stellantis', []], ['Maersk', []], ['Nike', []],
  ['Oracle', []], ['PeopleSoft', []], ['Lockheed Martin', []], ['Northrop Grumman', []], ['Raytheon', ['RTX']],
  ['General Electric', ['GE']], ['Johnson & Johnson', []], ['Procter & Gamble', []], ['Coca-Cola', []], ['PepsiCo', []],
  ['Salesforce', []], ['Qualcomm', []], ['Anthropic', []], ['Citigroup', ['Citi']], ['Wells Fargo', []], ['BlackRock', []],
  ['Berkshire Hathaway', []], ['Paris Saint-Germain', ['PSG']], ['Bayern Munich', []], ['Manchester City', ['Man City']],
  ['Tottenham Hotspur', ['Tottenham']], ['Aston Villa', []], ['Newcastle United', []], ['West Ham United', ['West Ham']],
  ['Leeds United', []], ['Leicester City', []], ['Everton', []], ['Juventus', []], ['AC Milan', []],
  ['Inter Milan', []], ['Borussia Dortmund', []], ['Atletico Madrid', []], ['Ajax', []],
  ['Golden State Warriors', []], ['Los Angeles Lakers', ['Lakers', 'LA Lakers']], ['Chicago Bulls', []],
  ['New York Knicks', ['Knicks']], ['Boston Celtics', ['Celtics']], ['New York Yankees', ['Yankees']],
  ['Los Angeles Dodgers', ['Dodgers']], ['Dallas Cowboys', []], ['New England Patriots', []],
  ['NBA', []], ['NFL', []], ['MLB', []], ['NHL', []], ['Teamsters', []], ['United Auto Workers', ['UAW']],
  ['AFL-CIO', []], ['Trades Union Congress', ['TUC']], ['Georgian Dream', []], ['Alternative for Germany', ['AfD']],
  ['Christian Democratic Union', ['CDU']], ['Social Democratic Party', ['SPD']], ['National Rally', []],
  ['Reform UK', []], ['Likud', []], ['Fatah', []], ['Bharatiya Janata Party', ['BJP']], ['Indian National Congress', []],
  ['Chinese Communist Party', ['Communist Party of China', 'CCP']], ['African National Congress', ['ANC']],
  ['Washington Post', []], ['New York Times', ['NYT']], ['Wall Street Journal', ['WSJ']], ['Financial Times', ['FT']],
  ['Los Angeles Times', []], ['Chicago Tribune', []], ['Boston Globe', []], ['USA Today', []], ['The Guardian', ['Guardian']],
  ['The Economist', []], ['The Times', []], ['Daily Telegraph', ['The Telegraph']], ['Daily Mail', []],
  ['Le Monde', []], ['Der Spiegel', ['Spiegel']], ['Politico', []], ['Axios', []], ['NPR', []], ['PBS', []],
  ['ABC News', []], ['CBS News', []], ['NBC News', []], ['Fox News', []], ['Sky News', []], ['Xinhua', ['Xinhua News Agency']],
  ['TASS', ['Tass']], ['Interfax', []], ['RIA Novosti', []], ['IRNA', []], ['Kyodo', []], ['Yonhap', []],
] as const;

/**
 * Team nicknames: a city or state name right before one of them is a sports team, not the place
 * ("Chicago Bulls", "Dallas Mavericks"). Only nicknames that are not common capitalised words alone.
 */
export const TEAM_NICKNAMES: ReadonlySet<string> = new Set([
  'Lakers', 'Clippers', 'Warriors', 'Bulls', 'Knicks', 'Celtics', 'Nets', 'Heat', 'Magic', 'Jazz', 'Suns', 'Spurs',
  'Rockets', 'Mavericks', 'Nuggets', 'Pistons', 'Pacers', 'Cavaliers', 'Bucks', 'Hawks', 'Hornets', 'Raptors', 'Wizards',
  '76ers', 'Thunder', 'Grizzlies', 'Pelicans', 'Timberwolves', 'Cowboys', 'Giants', 'Jets', 'Eagles', 'Patriots',
  'Packers', 'Bears', 'Lions', 'Vikings', 'Chiefs', 'Raiders', 'Chargers', 'Broncos', 'Steelers', 'Ravens', 'Browns',
  'Bengals', 'Texans', 'Colts', 'Titans', 'Jaguars', 'Dolphins', 'Bills', 'Saints', 'Falcons', 'Panthers', 'Buccaneers',
  'Seahawks', '49ers', 'Rams', 'Cardinals', 'Commanders', 'Yankees', 'Mets', 'Dodgers', 'Cubs', 'Astros', 'Braves',
  'Phillies', 'Padres', 'Mariners', 'Rangers', 'Orioles', 'Rays', 'Twins', 'Guardians', 'Tigers', 'Royals', 'Athletics',
  'Angels', 'Brewers', 'Reds', 'Pirates', 'Rockies', 'Diamondbacks', 'Marlins', 'Nationals', 'Capitals', 'Penguins',
  'Flyers', 'Bruins', 'Canadiens', 'Oilers', 'Flames', 'Canucks', 'Sabres', 'Islanders', 'Sox', 'Redskins',
]);

/** Last words that make a capitalised run an organisation ("Acme Corp", "Rosatom State Corporation"). */
export const ORGANIZATION_SUFFIXES: ReadonlySet<string> = new Set([
  'Corp', 'Corporation', 'Inc', 'Incorporated', 'Ltd', 'Limited', 'plc', 'PLC', 'LLC', 'AG', 'SA', 'NV', 'GmbH', 'Co',
  'Company', 'Group', 'Holdings', 'Bank', 'Airlines', 'Airways', 'Motors', 'Industries', 'Technologies', 'Systems',
  'Partners', 'Capital', 'Securities', 'Petroleum', 'Party', 'Council', 'Agency', 'Association', 'Federation', 'Union',
  'Institute', 'University', 'College', 'Commission', 'Committee', 'Foundation', 'Fund', 'Authority', 'Organisation',
  'Organization', 'Club', 'League', 'FC', 'Ministry', 'Department', 'Bureau', 'Board', 'Court', 'Parliament', 'Assembly',
  'Police', 'Army', 'Navy', 'Times', 'Post', 'Journal', 'Exchange', 'Trust', 'Society', 'Service', 'Forces',
  'Workers', 'Labs', 'Pharmaceuticals', 'Pharma', 'Media', 'Entertainment', 'Studios', 'Pictures', 'Brands', 'Foods',
  'Electric', 'Steel', 'Mining', 'Communications', 'Telecom', 'Networks', 'Software', 'Investments',
  'Ventures', 'Enterprises', 'Aerospace', 'Dynamics', 'Therapeutics', 'Railways', 'Movement', 'Alliance', 'Guard',
  'Brigades', 'Tribune', 'Herald', 'Gazette', 'Chronicle', 'Telegraph', 'Observer', 'Examiner',
]);

/**
 * Suffixes of public bodies: a city or region named in one ("Gaza Health Ministry", "London
 * Assembly") still counts as a place; in a company, paper or club name ("Los Angeles Times", "New
 * York Stock Exchange") it does not. A country named in an organisation always counts.
 */
export const PUBLIC_BODY_SUFFIXES: ReadonlySet<string> = new Set([
  'Council', 'Agency', 'Commission', 'Committee', 'Authority', 'Ministry', 'Department', 'Bureau', 'Board', 'Court',
  'Parliament', 'Assembly', 'Police', 'Army', 'Navy', 'Service', 'Forces', 'Guard', 'Brigades', 'Party', 'Movement',
]);

/** First words that open "X of Y" organisations ("Ministry of Defence", "Bank of Canada"). */
export const ORGANIZATION_HEADS: ReadonlySet<string> = new Set([
  'Ministry', 'Department', 'University', 'Bank', 'Court', 'Institute', 'Bureau', 'Office', 'Commission', 'Council',
  'Federation', 'Association', 'Organisation', 'Organization', 'League', 'Union', 'Board', 'Agency', 'Academy',
  'College', 'Church', 'Chamber', 'House', 'Order', 'Confederation', 'Society',
]);

/** Capitalised short words that are not organisations even though they look like acronyms. */
export const NOT_ACRONYMS: ReadonlySet<string> = new Set([
  'I', 'A', 'OK', 'TV', 'CEO', 'CFO', 'COO', 'CTO', 'GDP', 'GNP', 'AM', 'PM', 'BC', 'AD', 'ID', 'IT', 'AI', 'PC', 'DJ',
  'MP', 'MPs', 'MEP', 'DC', 'NY', 'LA', 'UFO', 'DNA', 'HIV', 'AIDS', 'COVID', 'VAT', 'PR', 'IPO', 'RSS', 'PDF', 'HQ',
  'FY', 'Q1', 'Q2', 'Q3', 'Q4', 'H1', 'H2', 'CD', 'DVD', 'SMS', 'GPS', 'MW', 'GW', 'KW', 'KM', 'LNG', 'LPG', 'CO2',
  'EV', 'EVs', 'II', 'III', 'IV', 'VI', 'VII', 'VIII', 'IX', 'XI', 'VIP', 'USD', 'EUR', 'GBP', 'JPY', 'BST', 'GMT',
  'EST', 'UTC', 'ET', 'PT', 'CET', 'OPEC', 'NO', 'YES', 'AND', 'THE', 'OF', 'TO', 'IN', 'FOR', 'ON', 'UP', 'MLN', 'BLN',
  'PCT', 'CTS', 'SHR', 'NET', 'REVS', 'QTR', 'JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV',
  'DEC', 'US', 'UK', 'USA', 'UAE', 'EU', 'UN', 'ATM', 'SUV', 'CCTV', 'MRI', 'ICU', 'PhD', 'MBA', 'BA', 'MA', 'RAM',
  'USB', 'HD', 'LED', 'LCD', 'APP', 'API', 'VR', 'AR', 'NFT', 'ETF', 'CPI', 'PPI', 'PMI', 'R', 'D', 'S', 'U', 'E',
]);
