import { describe, expect, it } from 'vitest';
import { createClassifier } from '../../../src/classify/classifier.js';
import { loadTaxonomy } from '../../../src/classify/taxonomy.js';

const classifier = createClassifier({ taxonomy: loadTaxonomy('config/topics.yaml') });
const topicsOf = (title: string, text: string): string[] => classifier.classify({ title, text }).topics.map((t) => t.id);

/** [topic expected, title, text, topics that must not appear] */
const CASES: Array<[string, string, string, string[]]> = [
  ['arts-culture', 'Director wins top prize at film festival', 'The actress and director premiered her new film at the festival, where critics praised the screenplay and the soundtrack. The movie opens in cinemas next month.', ['sport']],
  ['crime-law', 'Man jailed for bank robbery', 'A man was sentenced to eight years in prison after a jury convicted him of robbery. Police arrested him a week after the raid, the court heard.', []],
  ['disaster', 'Earthquake kills dozens in mountain villages', 'A magnitude 6.8 earthquake destroyed homes and triggered landslides. Rescue workers searched for survivors as the death toll rose and aid agencies sent tents.', []],
  ['economy', 'Retailer profits jump as sales rise', 'The company reported quarterly profits up 20% on revenue of $2bn, and shares rose after the chief executive raised the forecast. Investors welcomed the dividend.', []],
  ['education', 'Schools face teacher shortage', 'Head teachers warned that pupils will lose lessons as schools struggle to recruit teachers. Exam results and the curriculum will suffer, the education union said.', []],
  ['environment', 'Climate talks target emissions', 'Delegates agreed to cut greenhouse gas emissions to curb global warming, while campaigners warned that deforestation and pollution threaten endangered species.', []],
  ['health', 'Hospital waiting lists grow as flu spreads', 'Doctors and nurses said hospitals are full of patients with flu, and the health service urged people to get a vaccine. Cancer treatment has been delayed.', []],
  ['human-interest', 'Centenarian celebrates birthday with her dog', 'She marked her 100th birthday with her family, her great-grandchildren and her beloved dog at a party in the village hall.', []],
  ['labour', 'Rail workers stage strike over pay', 'Thousands of rail workers went on strike after the union rejected a pay offer. Picket lines formed at stations as employees demanded higher wages.', ['conflict', 'defense']],
  ['lifestyle', 'Ten places for a summer holiday', 'Travel experts pick resorts, hotels and restaurants for a relaxing holiday, from beaches to hiking trails, with tips on local cuisine and wine.', []],
  ['politics', 'Government wins confidence vote', 'The prime minister survived a vote in parliament as opposition parties failed to unseat the coalition government ahead of the election campaign.', []],
  ['religion', 'Pope leads Easter mass', 'The pope led prayers for peace at the Vatican as Christians and Catholic pilgrims celebrated Easter in churches around the world.', []],
  ['science-technology', 'New smartphone chip speeds up apps', 'The chipmaker unveiled a processor for smartphones that runs software and artificial intelligence apps faster while using less battery, engineers said.', []],
  ['society', 'Charities warn of rising child poverty', 'Food banks and charities said child poverty and homelessness are rising as families struggle with welfare cuts and inequality widens.', []],
  ['sport', 'United win cup final', 'The striker scored twice as United beat City 3-1 in the cup final, the coach praising his squad after the match at a packed stadium.', []],
  ['conflict', 'Rebels seize town as fighting spreads', 'Rebel fighters captured the town after days of clashes with troops, and an air strike killed civilians, as the civil war entered its third year.', []],
  ['weather', 'Storm brings heavy rain and gales', 'Forecasters issued weather warnings for heavy rain, snow on high ground and gusts of wind up to 80mph, with temperatures falling below freezing.', []],
  ['diplomacy', 'Foreign ministers meet for talks', 'The two foreign ministers held talks on restoring diplomatic relations and reopening embassies, and agreed to sign a treaty at a summit next month.', []],
  ['defense', 'Navy orders new submarines', 'The defence ministry ordered four submarines and new missiles for the navy as military spending rises, the defence secretary told the armed forces.', []],
  ['trade', 'Tariffs raised in trade dispute', 'The government imposed tariffs on steel imports and threatened to retaliate as the trade dispute deepened, while the trade deficit widened to a record.', []],
  ['energy', 'Oil prices climb as OPEC cuts output', 'Crude oil prices rose above $90 a barrel after OPEC agreed to cut oil production, and natural gas prices also climbed on fears over pipeline supply.', []],
];

describe('every default topic', () => {
  it.each(CASES)('%s: %s', (topic, title, text, forbidden) => {
    const topics = topicsOf(title, text);
    expect(topics).toContain(topic);
    for (const f of forbidden) expect(topics).not.toContain(f);
  });
});

/** The hard cases: a word that means one thing in one kind of story and something else in another. */
const HARD: Array<[string, string, string, string[], string[]]> = [
  ['football attack', 'Arsenal attack runs riot', 'Arsenal attack ran riot as the striker scored twice and the midfield set up a third goal in the league match.', ['sport'], ['conflict', 'defense']],
  ['war on inflation', 'Central bank steps up war on inflation', 'The central bank raised interest rates again in its war on inflation, and economists expect the economy to slow as prices ease.', ['economy'], ['conflict']],
  ['price war', 'Supermarkets launch price war', 'Supermarket chains launched a price war, cutting prices on milk and bread as sales and profits came under pressure.', ['economy'], ['conflict']],
  ["workers' strike", "Nurses' strike closes wards", "Nurses began a 48-hour strike over pay after the union's talks with employers broke down; picket lines formed outside the hospital.", ['labour'], ['conflict', 'defense']],
  ['military strike', 'Missile strike hits air base', 'A missile strike destroyed aircraft at the air base, the army said, as troops and warplanes prepared for a counter-offensive in the war.', ['conflict', 'defense'], ['labour']],
  ['hostile takeover', 'Board rejects hostile takeover', 'The board rejected a hostile takeover bid worth $5bn, urging shareholders to turn down the offer as the company defends its independence.', ['economy'], ['conflict', 'defense']],
  ['software security and attacks', 'Microsoft releases bumper security fixes', 'Microsoft has warned PC users to update with its latest security fixes. In its monthly security bulletin it flagged eight critical security holes which could leave PCs open to attack. PC users could be vulnerable to viruses or other malicious attacks, and a Microsoft security manager said the firm had not seen attacks exploiting the flaw. Secure your computer and protect it from threats.', ['science-technology'], ['defense', 'conflict']],
  ['a newspaper strike ballot', 'Telegraph newspapers axe 90 jobs', 'The Daily and Sunday Telegraph are axing 90 journalist jobs. The National Union of Journalists has called on the management to recall the notice or face a strike ballot, and did not rule out a strike; the Guardian and the Financial Times are also cutting staff.', ['labour'], ['defense']],
  ['security forces and a border attack', 'Security forces repel attack on border post', 'Security forces and troops repelled an attack on a border post overnight, the defence ministry said, as the army sent reinforcements and drones.', ['defense'], ['science-technology']],
  ['the pronoun who', 'Council approves new library', 'The council, who met on Tuesday, approved the plan. Residents who attended said the people who run the library were pleased. The mayor, who chairs the committee, said staff who died in service would be remembered.', [], ['health']],
  ['MP3 players', 'Apple cuts price of its music players', 'Apple has cut the price of its iPod MP3 players as rival music players from Sony and Creative win market share. Sales of digital music players doubled, and key players expect the market to grow, with players holding thousands of songs.', ['science-technology'], ['sport']],
  ['heart attack', 'Star recovering after heart attack', 'The actor is recovering in hospital after a heart attack, his doctors said, and is expected to return to filming next year.', ['health'], ['conflict']],
  ['a defence pact amid tensions', 'Two nations sign defence pact', 'The two governments signed a defence cooperation treaty covering military drills, missiles and drones, amid growing geopolitical tensions and Western sanctions, the foreign ministers said.', ['defense', 'diplomacy'], ['conflict']],
  ['border tensions turning to fighting', 'Troops clash as border tensions escalate', 'Troops clashed on the disputed border overnight and artillery shelled villages, killing four soldiers, as tensions escalated between the two armies.', ['conflict'], []],
  ['a basketball shot', "Curry's last-second shot lifts Warriors over Lakers", 'Stephen Curry hit a three-pointer at the buzzer as Golden State beat the Los Angeles Lakers 112-110 in the NBA, finishing with 38 points and 7 rebounds.', ['sport'], ['conflict', 'crime-law']],
  ['an air strike that hits', 'Israeli air strike hits Gaza refugee camp', 'An Israeli air strike hit a refugee camp in central Gaza overnight, killing at least 12 people, health officials said, as fighting continued.', ['conflict'], ['arts-culture']],
  ['a hit single', "Band's new single hits number one", "The band's new single hit number one in the charts, the singer said, ahead of their album release next month.", ['arts-culture'], ['conflict']],
  ["a football side's attack and defence", "Arsenal's attack overwhelms Chelsea", "Arsenal's attack overwhelmed Chelsea's defence as the striker scored twice and the Gunners won 4-0 to go top of the Premier League.", ['sport'], ['defense', 'conflict']],
  ['heart attack survivors', 'People who survived heart attacks face higher risk', 'People who have survived a heart attack face a higher risk of stroke, researchers said in a study of 20,000 patients.', ['health'], ['disaster', 'conflict']],
  ['a book launch party', 'Paris Hilton celebrates children\'s book with launch party', "Paris Hilton launched her first children's book at a launch party in Los Angeles, where guests joined the party until late.", [], ['politics']],
  ['a roast turkey', 'How to roast the perfect Thanksgiving turkey', 'Brine the turkey overnight, then roast it in a hot oven, basting every half hour, and serve it with stuffing and gravy.', ['lifestyle'], ['diplomacy', 'politics']],
  ['leaders meeting', "Jordan's King Abdullah meets Biden on Gaza aid", 'King Abdullah II of Jordan met President Joe Biden at the White House on Monday to discuss humanitarian aid for Gaza. The Jordanian foreign minister said Amman would keep pressing for a ceasefire.', ['diplomacy', 'politics'], ['sport']],
  ['a board meeting', 'Board meets to weigh takeover offer', 'The company board met on Monday and its chairman hosted shareholders, who will vote on the takeover offer next month.', ['economy'], ['diplomacy']],
  ['a state of emergency', 'Earthquake kills dozens', 'A magnitude 7.1 earthquake killed at least 40 people and the government declared a state of emergency as rescuers searched collapsed buildings.', ['disaster'], ['politics']],
  ['a nightclub shooting', 'Gunman kills five at Colorado nightclub', 'A gunman opened fire at a nightclub late on Saturday, killing five people and wounding 18 others before patrons subdued him, police said. Investigators are examining whether the shooting was a hate crime.', ['crime-law'], ['conflict']],
  ['a school shooting', 'Two students shot dead at Texas high school', 'Two students were shot dead and three wounded at a high school on Wednesday. Police arrested a 17-year-old student.', ['crime-law'], ['conflict']],
  ['killed in a war', 'Shelling kills civilians in frontline town', 'Artillery shelling killed seven civilians and wounded 20 in the frontline town overnight, as troops held their positions.', ['conflict'], ['crime-law']],
  ['a union ballot', 'Amazon workers vote on forming a union', 'Workers at the Amazon warehouse began voting on whether to join the union. Organisers say employees want better pay and working conditions; the ballot runs until March 29.', ['labour'], ['politics']],
  ['a shareholder vote', 'Shareholders vote down pay package', "Shareholders voted against the chief executive's pay package at the annual meeting, a rare rebuke for the company's board.", ['economy'], ['politics']],
  ["a company named Blizzard", "Microsoft agrees to buy Activision Blizzard", "Microsoft agreed to buy video game publisher Activision Blizzard for $69 billion in cash, the biggest deal in the history of the gaming industry. Activision Blizzard shares jumped 25% in early trading.", ["economy", "science-technology"], ["weather"]],
  ["offshore wind power", "Orsted scraps two US offshore wind projects", "Danish wind farm developer Orsted said it would scrap two offshore wind projects off New Jersey, taking a charge of up to $5.6 billion, as rising interest rates and supply chain problems hit the industry. The company still aims to install 30 gigawatts of offshore wind capacity by 2030.", ["energy"], ["weather"]],
  ["a game in overtime", "Chiefs beat 49ers in overtime to win Super Bowl", "Patrick Mahomes threw a touchdown pass in overtime as the Kansas City Chiefs beat the San Francisco 49ers 25-22 to win the Super Bowl in Las Vegas. It was the second Super Bowl to go to overtime.", ["sport"], ["labour"]],
  ["Paris Saint-Germain", "PSG sign Kolo Muani", "Paris Saint-Germain signed striker Randal Kolo Muani from Eintracht Frankfurt for 95 million euros on deadline day, the French champions said.", ["sport"], ["religion"]],
  ["the Washington Commanders", "Denzel Washington at Commanders game", "Denzel Washington attended the Washington Commanders' home game on Sunday, sitting with the team's new owners as the Commanders beat the Giants.", ["sport"], ["defense"]],
  ["Georgia Tech", "Georgia Tech beat Clemson", "Georgia Tech beat Clemson 24-21 on a late field goal on Saturday, handing the Tigers their second loss of the season.", ["sport"], ["science-technology"]],
  ["a central bank governor's policy", "Bank of England holds rates", "The Bank of England held interest rates at 5.25% on Thursday. Governor Andrew Bailey said the Monetary Policy Committee would keep policy tight until inflation is firmly on course for its 2% target.", ["economy"], ["politics"]],
  ["attack helicopters", "Poland buys Apache helicopters", "Poland signed a contract to buy 96 AH-64E Apache attack helicopters from the United States for $10 billion, its defence minister said, as Warsaw modernises its armed forces.", ["defense"], ["conflict"]],
  ["extradited to the United States", "Son of El Chapo extradited", "Ovidio Guzman Lopez, son of the jailed drug lord Joaquin El Chapo Guzman, was extradited from Mexico to the United States to face drug trafficking charges, U.S. officials said.", ["crime-law"], ["politics"]],
  ["points and rebounds", "Bulls beat Knicks", "Jordan scored 40 points and grabbed 11 rebounds as the Chicago Bulls beat the New York Knicks 110-98 on Tuesday night.", ["sport"], []],
  ['a drone attack', 'Russian drones hit Odesa grain port', 'Kiev said on Wednesday that Russian drones had attacked grain facilities at the port of Odesa, destroying 60,000 tonnes of grain.', ['conflict'], []],
  ['a wardrobe', 'Autumn wardrobe: knitwear is back', 'Designers sent chunky knitwear and long coats down the catwalk, and shoppers are filling their wardrobes for the cold months.', ['lifestyle'], ['health']],
  ['tear gas', 'Police fire tear gas at protesters', 'Riot police fired tear gas at protesters during clashes in the capital as unrest over the election spread.', ['conflict'], ['energy']],
];

describe('hard cases', () => {
  it.each(HARD)('%s', (_name, title, text, wanted, forbidden) => {
    const topics = topicsOf(title, text);
    for (const w of wanted) expect(topics).toContain(w);
    for (const f of forbidden) expect(topics).not.toContain(f);
  });
});

describe('labels', () => {
  it('gives a subtopic its parent, with evidence saying so', () => {
    const result = classifier.classify({ title: 'Oil prices climb as OPEC cuts output', text: 'Crude oil prices rose after OPEC cut production.' });
    const energy = result.topics.find((t) => t.id === 'energy')!;
    const economy = result.topics.find((t) => t.id === 'economy')!;
    expect(energy).toBeDefined();
    expect(economy.score).toBeGreaterThanOrEqual(energy.score);
    expect(economy.evidence).toContain('subtopic: energy');
  });

  it.each(CASES.slice(0, 6))('%s has a score in [0,1], its IPTC code and evidence', (topic, title, text) => {
    const t = classifier.classify({ title, text }).topics.find((x) => x.id === topic)!;
    expect(t.score).toBeGreaterThan(0);
    expect(t.score).toBeLessThanOrEqual(1);
    expect(t.iptc).toMatch(/^medtop:\d{8}$/);
    expect(t.evidence.length).toBeGreaterThan(0);
  });

  it('returns no topic for empty text', () => {
    expect(classifier.classify({ title: '', text: '' }).topics).toEqual([]);
  });
});
