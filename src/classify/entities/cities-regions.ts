/**
 * Capitals, major cities and regions, each with the country it lies in (regions spanning several
 * countries have none). Format: [name, country, aliases?]. Written for this project.
 */
export type PlaceRow = readonly [name: string, country: string | null, aliases?: readonly string[]];

export const CITIES: readonly PlaceRow[] = [
  ['Kabul', 'Afghanistan'], ['Tirana', 'Albania'], ['Algiers', 'Algeria'], ['Luanda', 'Angola'],
  ['Buenos Aires', 'Argentina'], ['Yerevan', 'Armenia'], ['Canberra', 'Australia'], ['Sydney', 'Australia'],
  ['Melbourne', 'Australia'], ['Brisbane', 'Australia'], ['Perth', 'Australia'], ['Vienna', 'Austria'],
  ['Baku', 'Azerbaijan'], ['Manama', 'Bahrain'], ['Dhaka', 'Bangladesh'], ['Minsk', 'Belarus'],
  ['Brussels', 'Belgium'], ['Antwerp', 'Belgium'], ['La Paz', 'Bolivia'], ['Sarajevo', 'Bosnia and Herzegovina'],
  ['Brasilia', 'Brazil'], ['Sao Paulo', 'Brazil', ['São Paulo']], ['Rio de Janeiro', 'Brazil', ['Rio']],
  ['Sofia', 'Bulgaria'], ['Phnom Penh', 'Cambodia'], ['Ottawa', 'Canada'], ['Toronto', 'Canada'],
  ['Montreal', 'Canada'], ['Vancouver', 'Canada'], ['Santiago', 'Chile'], ['Beijing', 'China', ['Peking']],
  ['Shanghai', 'China'], ['Shenzhen', 'China'], ['Guangzhou', 'China'], ['Wuhan', 'China'], ['Chongqing', 'China'],
  ['Bogota', 'Colombia', ['Bogotá']], ['Kinshasa', 'DR Congo'], ['Zagreb', 'Croatia'], ['Havana', 'Cuba'],
  ['Nicosia', 'Cyprus'], ['Prague', 'Czech Republic'], ['Copenhagen', 'Denmark'], ['Quito', 'Ecuador'],
  ['Cairo', 'Egypt'], ['Alexandria', 'Egypt'], ['Tallinn', 'Estonia'], ['Addis Ababa', 'Ethiopia'],
  ['Helsinki', 'Finland'], ['Paris', 'France'], ['Marseille', 'France'], ['Lyon', 'France'], ['Tbilisi', 'Georgia'],
  ['Berlin', 'Germany'], ['Munich', 'Germany'], ['Frankfurt', 'Germany'], ['Hamburg', 'Germany'], ['Cologne', 'Germany'],
  ['Bonn', 'Germany'], ['Accra', 'Ghana'], ['Athens', 'Greece'], ['Guatemala City', 'Guatemala'],
  ['Port-au-Prince', 'Haiti'], ['Budapest', 'Hungary'], ['Reykjavik', 'Iceland'], ['New Delhi', 'India', ['Delhi']],
  ['Mumbai', 'India', ['Bombay']], ['Bangalore', 'India', ['Bengaluru']], ['Kolkata', 'India', ['Calcutta']],
  ['Chennai', 'India'], ['Jakarta', 'Indonesia'], ['Tehran', 'Iran'], ['Isfahan', 'Iran'], ['Baghdad', 'Iraq'],
  ['Basra', 'Iraq'], ['Mosul', 'Iraq'], ['Erbil', 'Iraq'], ['Dublin', 'Ireland'], ['Jerusalem', 'Israel'],
  ['Tel Aviv', 'Israel'], ['Rome', 'Italy'], ['Milan', 'Italy'], ['Naples', 'Italy'], ['Turin', 'Italy'],
  ['Venice', 'Italy'], ['Tokyo', 'Japan'], ['Osaka', 'Japan'], ['Hiroshima', 'Japan'], ['Amman', 'Jordan'],
  ['Astana', 'Kazakhstan'], ['Almaty', 'Kazakhstan'], ['Nairobi', 'Kenya'], ['Pristina', 'Kosovo'],
  ['Kuwait City', 'Kuwait'], ['Bishkek', 'Kyrgyzstan'], ['Vientiane', 'Laos'], ['Riga', 'Latvia'],
  ['Beirut', 'Lebanon'], ['Monrovia', 'Liberia'], ['Tripoli', 'Libya'], ['Benghazi', 'Libya'], ['Vilnius', 'Lithuania'],
  ['Kuala Lumpur', 'Malaysia'], ['Bamako', 'Mali'], ['Valletta', 'Malta'], ['Mexico City', 'Mexico'],
  ['Chisinau', 'Moldova'], ['Ulaanbaatar', 'Mongolia'], ['Rabat', 'Morocco'], ['Casablanca', 'Morocco'],
  ['Maputo', 'Mozambique'], ['Naypyidaw', 'Myanmar'], ['Yangon', 'Myanmar', ['Rangoon']], ['Kathmandu', 'Nepal'],
  ['Amsterdam', 'Netherlands'], ['Rotterdam', 'Netherlands'], ['The Hague', 'Netherlands'], ['Wellington', 'New Zealand'],
  ['Auckland', 'New Zealand'], ['Managua', 'Nicaragua'], ['Niamey', 'Niger'], ['Abuja', 'Nigeria'], ['Lagos', 'Nigeria'],
  ['Pyongyang', 'North Korea'], ['Skopje', 'North Macedonia'], ['Oslo', 'Norway'], ['Muscat', 'Oman'],
  ['Islamabad', 'Pakistan'], ['Karachi', 'Pakistan'], ['Lahore', 'Pakistan'], ['Ramallah', 'Palestine'],
  ['Panama City', 'Panama'], ['Lima', 'Peru'], ['Manila', 'Philippines'], ['Warsaw', 'Poland'], ['Krakow', 'Poland'],
  ['Lisbon', 'Portugal'], ['Porto', 'Portugal'], ['Doha', 'Qatar'], ['Bucharest', 'Romania'], ['Moscow', 'Russia'],
  ['St Petersburg', 'Russia', ['Saint Petersburg', 'St. Petersburg']], ['Vladivostok', 'Russia'], ['Kigali', 'Rwanda'],
  ['Riyadh', 'Saudi Arabia'], ['Jeddah', 'Saudi Arabia'], ['Mecca', 'Saudi Arabia'], ['Dakar', 'Senegal'],
  ['Belgrade', 'Serbia'], ['Freetown', 'Sierra Leone'], ['Bratislava', 'Slovakia'], ['Ljubljana', 'Slovenia'],
  ['Mogadishu', 'Somalia'], ['Pretoria', 'South Africa'], ['Johannesburg', 'South Africa'], ['Cape Town', 'South Africa'],
  ['Durban', 'South Africa'], ['Seoul', 'South Korea'], ['Busan', 'South Korea'], ['Juba', 'South Sudan'],
  ['Madrid', 'Spain'], ['Barcelona', 'Spain'], ['Valencia', 'Spain'], ['Seville', 'Spain'], ['Colombo', 'Sri Lanka'],
  ['Khartoum', 'Sudan'], ['Stockholm', 'Sweden'], ['Bern', 'Switzerland'], ['Geneva', 'Switzerland'],
  ['Zurich', 'Switzerland'], ['Davos', 'Switzerland'], ['Damascus', 'Syria'], ['Aleppo', 'Syria'], ['Taipei', 'Taiwan'],
  ['Dushanbe', 'Tajikistan'], ['Dodoma', 'Tanzania'], ['Dar es Salaam', 'Tanzania'], ['Bangkok', 'Thailand'],
  ['Tunis', 'Tunisia'], ['Ankara', 'Turkey'], ['Istanbul', 'Turkey'], ['Ashgabat', 'Turkmenistan'],
  ['Kampala', 'Uganda'], ['Kyiv', 'Ukraine', ['Kiev']], ['Kharkiv', 'Ukraine', ['Kharkov']], ['Odesa', 'Ukraine', ['Odessa']],
  ['Lviv', 'Ukraine'], ['Mariupol', 'Ukraine'], ['Abu Dhabi', 'United Arab Emirates'], ['Dubai', 'United Arab Emirates'],
  ['London', 'United Kingdom'], ['Manchester', 'United Kingdom'], ['Birmingham', 'United Kingdom'],
  ['Liverpool', 'United Kingdom'], ['Leeds', 'United Kingdom'], ['Glasgow', 'United Kingdom'], ['Edinburgh', 'United Kingdom'],
  ['Cardiff', 'United Kingdom'], ['Belfast', 'United Kingdom'], ['Bristol', 'United Kingdom'], ['Oxford', 'United Kingdom'],
  ['Cambridge', 'United Kingdom'], ['Washington, D.C.', 'United States', ['Washington DC', 'Washington D.C.', 'Washington']],
  ['New York', 'United States', ['New York City', 'NYC']], ['Los Angeles', 'United States'], ['Chicago', 'United States'],
  ['Houston', 'United States'], ['San Francisco', 'United States'], ['Boston', 'United States'], ['Seattle', 'United States'],
  ['Miami', 'United States'], ['Atlanta', 'United States'], ['Dallas', 'United States'], ['Detroit', 'United States'],
  ['Philadelphia', 'United States'], ['Kansas City', 'United States'], ['Las Vegas', 'United States'], ['New Orleans', 'United States'],
  ['Silicon Valley', 'United States'], ['Wall Street', 'United States'], ['Montevideo', 'Uruguay'], ['Tashkent', 'Uzbekistan'],
  ['Caracas', 'Venezuela'], ['Hanoi', 'Vietnam'], ['Ho Chi Minh City', 'Vietnam', ['Saigon']], ["Sana'a", 'Yemen', ['Sanaa']],
  ['Aden', 'Yemen'], ['Lusaka', 'Zambia'], ['Harare', 'Zimbabwe'], ['Singapore City', 'Singapore'],
  ['Hong Kong', 'China'], ['Macau', 'China', ['Macao']],
  // The capitals of the remaining countries (a capital named like its country, or like a common
  // word or name, is left out: Djibouti, Luxembourg, Monaco, San Marino, Male, Victoria, Moroni, San Jose).
  ['Andorra la Vella', 'Andorra'], ['Nassau', 'Bahamas'], ['Bridgetown', 'Barbados'], ['Belmopan', 'Belize'],
  ['Porto-Novo', 'Benin'], ['Cotonou', 'Benin'], ['Thimphu', 'Bhutan'], ['Gaborone', 'Botswana'],
  ['Bandar Seri Begawan', 'Brunei'], ['Ouagadougou', 'Burkina Faso'], ['Gitega', 'Burundi'], ['Bujumbura', 'Burundi'],
  ['Yaounde', 'Cameroon', ['Yaoundé']], ['Douala', 'Cameroon'], ['Praia', 'Cape Verde'], ['Bangui', 'Central African Republic'],
  ["N'Djamena", 'Chad', ['Ndjamena', 'N’Djamena']], ['Brazzaville', 'Congo'], ['Pointe-Noire', 'Congo'],
  ['Roseau', 'Dominica'], ['Santo Domingo', 'Dominican Republic'], ['San Salvador', 'El Salvador'], ['Malabo', 'Equatorial Guinea'],
  ['Asmara', 'Eritrea'], ['Mbabane', 'Eswatini'], ['Suva', 'Fiji'], ['Libreville', 'Gabon'], ['Banjul', 'Gambia'],
  ['Conakry', 'Guinea'], ['Bissau', 'Guinea-Bissau'], ['Georgetown', 'Guyana'], ['Tegucigalpa', 'Honduras'],
  ['San Pedro Sula', 'Honduras'], ['Yamoussoukro', 'Ivory Coast'], ['Abidjan', 'Ivory Coast'], ['Kingston', 'Jamaica'],
  ['Tarawa', 'Kiribati'], ['Maseru', 'Lesotho'], ['Vaduz', 'Liechtenstein'], ['Antananarivo', 'Madagascar'],
  ['Lilongwe', 'Malawi'], ['Blantyre', 'Malawi'], ['Majuro', 'Marshall Islands'], ['Nouakchott', 'Mauritania'],
  ['Port Louis', 'Mauritius'], ['Palikir', 'Micronesia'], ['Podgorica', 'Montenegro'], ['Windhoek', 'Namibia'],
  ['Yaren', 'Nauru'], ['Ngerulmud', 'Palau'], ['Port Moresby', 'Papua New Guinea'], ['Asuncion', 'Paraguay', ['Asunción']],
  ['Castries', 'Saint Lucia'], ['Apia', 'Samoa'], ['Honiara', 'Solomon Islands'], ['Paramaribo', 'Suriname'],
  ['Dili', 'Timor-Leste'], ['Lome', 'Togo', ['Lomé']], ["Nuku'alofa", 'Tonga', ['Nukualofa']], ['Port of Spain', 'Trinidad and Tobago'],
  ['Funafuti', 'Tuvalu'], ['Port Vila', 'Vanuatu'], ["St John's", 'Antigua and Barbuda'],
  // Cities and regions often in the news.
  ['Goma', 'DR Congo'], ['Bukavu', 'DR Congo'], ['Lubumbashi', 'DR Congo'], ['Kunming', 'China'], ['Guangxi', 'China'],
  ['Manhattan', 'United States'], ['Brooklyn', 'United States'], ['Cornwall', 'United Kingdom'], ['Andalusia', 'Spain'],
  ['Belem', 'Brazil', ['Belém']],
] as const;

export const REGIONS: readonly PlaceRow[] = [
  ['Europe', null], ['Asia', null], ['Africa', null], ['Middle East', null, ['Mideast']], ['Latin America', null],
  ['South America', null], ['North America', null], ['Central America', null], ['Caribbean', null], ['Balkans', null],
  ['Caucasus', null], ['Scandinavia', null], ['Central Asia', null], ['South Asia', null], ['Southeast Asia', null],
  ['East Asia', null], ['Asia-Pacific', null], ['Sahel', null], ['Persian Gulf', null, ['Gulf region']], ['Arctic', null],
  ['Antarctica', null], ['Horn of Africa', null], ['Red Sea', null], ['Black Sea', null], ['Baltic', null, ['Baltics']],
  ['Mediterranean', null], ['Strait of Hormuz', null], ['South China Sea', null], ['West Africa', null], ['East Africa', null],
  ['Western Europe', null], ['Eastern Europe', null],
  ['Amazon rainforest', null, ['Amazon basin', 'Amazon Basin', 'Amazon rainforest', 'Amazon Rainforest', 'Amazon jungle', 'Amazon Jungle', 'Amazon River', 'Amazon river']],
  ['Indian Ocean', null], ['Pacific Ocean', null], ['Atlantic Ocean', null], ['Arctic Ocean', null],
  ['Southern Ocean', null], ['Arabian Sea', null], ['Arabian Peninsula', null], ['Gulf of Mexico', null, ['Gulf of America']],
  ['Gulf of Aden', null], ['Gulf of Oman', null], ['Gulf of Guinea', null], ['Gulf of Thailand', null],
  ['Bay of Bengal', null], ['Sea of Japan', null], ['East China Sea', null], ['Yellow Sea', null], ['Caspian Sea', null],
  ['Sea of Azov', null], ['Aegean Sea', null, ['Aegean']], ['Adriatic Sea', null, ['Adriatic']], ['Ionian Sea', null],
  ['North Sea', null], ['Baltic Sea', null], ['Dead Sea', null], ['Sea of Galilee', null], ['Irish Sea', null],
  ['English Channel', null], ['Taiwan Strait', null], ['Bering Strait', null], ['Strait of Malacca', null],
  ['Bab el-Mandeb', null], ['Suez Canal', 'Egypt'], ['Panama Canal', 'Panama'], ['Korean Peninsula', null],
  ['Iberian Peninsula', null], ['Sinai Peninsula', 'Egypt', ['Sinai']], ['Indian subcontinent', null],
  ['Lake Victoria', null], ['Lake Chad', null], ['Nile', null, ['Nile River', 'River Nile']], ['Jordan River', null, ['River Jordan']], ['Jordan Valley', null],
  ['Great Lakes', null], ['Rocky Mountains', null, ['Rockies']], ['Himalayas', null], ['Alps', null], ['Andes', null],
  ['Sahara', null, ['Sahara Desert']], ['Gobi Desert', null], ['Kalahari', null], ['Congo Basin', null], ['Congo River', null],
  ['Mekong', null, ['Mekong River']], ['Yangtze', 'China', ['Yangtze River']], ['Danube', null], ['Rhine', null],
  ['England', 'United Kingdom'], ['Scotland', 'United Kingdom'], ['Wales', 'United Kingdom'],
  ['Northern Ireland', 'United Kingdom'], ['Crimea', 'Ukraine'], ['Donbas', 'Ukraine', ['Donbass']], ['Donetsk', 'Ukraine'],
  ['Luhansk', 'Ukraine'], ['Zaporizhzhia', 'Ukraine'], ['Kherson', 'Ukraine'], ['Kursk', 'Russia'], ['Siberia', 'Russia'],
  ['Chechnya', 'Russia'], ['Kaliningrad', 'Russia'], ['Gaza', 'Palestine', ['Gaza Strip']], ['West Bank', 'Palestine'],
  ['Golan Heights', null], ['Kashmir', null], ['Tibet', 'China'], ['Xinjiang', 'China'], ['Kurdistan', null],
  ['Darfur', 'Sudan'], ['Tigray', 'Ethiopia'], ['Catalonia', 'Spain'], ['Bavaria', 'Germany'], ['Quebec', 'Canada'],
  ['Ontario', 'Canada'], ['Alberta', 'Canada'], ['British Columbia', 'Canada'], ['Punjab', null], ['Kerala', 'India'],
  ['Alabama', 'United States'], ['Alaska', 'United States'], ['Arizona', 'United States'], ['Arkansas', 'United States'],
  ['California', 'United States'], ['Colorado', 'United States'], ['Connecticut', 'United States'], ['Delaware', 'United States'],
  ['Florida', 'United States'], ['Hawaii', 'United States'], ['Idaho', 'United States'], ['Illinois', 'United States'],
  ['Indiana', 'United States'], ['Iowa', 'United States'], ['Kansas', 'United States'], ['Kentucky', 'United States'],
  ['Louisiana', 'United States'], ['Maine', 'United States'], ['Maryland', 'United States'], ['Massachusetts', 'United States'],
  ['Michigan', 'United States'], ['Minnesota', 'United States'], ['Mississippi', 'United States'], ['Missouri', 'United States'],
  ['Montana', 'United States'], ['Nebraska', 'United States'], ['Nevada', 'United States'], ['New Hampshire', 'United States'],
  ['New Jersey', 'United States'], ['New Mexico', 'United States'], ['New York State', 'United States'],
  ['North Carolina', 'United States'], ['North Dakota', 'United States'], ['Ohio', 'United States'], ['Oklahoma', 'United States'],
  ['Oregon', 'United States'], ['Pennsylvania', 'United States'], ['Rhode Island', 'United States'],
  ['South Carolina', 'United States'], ['South Dakota', 'United States'], ['Tennessee', 'United States'], ['Texas', 'United States'],
  ['Utah', 'United States'], ['Vermont', 'United States'], ['Virginia', 'United States'], ['Washington State', 'United States'],
  ['West Virginia', 'United States'], ['Wisconsin', 'United States'], ['Wyoming', 'United States'],
  ['Georgia (US state)', 'United States'],
] as const;

/**
 * Names that are also people's names: counted as a place only when they do not sit inside a run of
 * capitalised names ("Michael Jordan", "Jordan Henderson", "Chad Johnson", "Paris Hilton").
 */
export const PLACES_ALSO_PERSON_NAMES: ReadonlySet<string> = new Set([
  'Jordan', 'Chad', 'Georgia', 'Israel', 'Victoria', 'Sydney', 'Paris', 'Virginia', 'Florence', 'Kenya', 'India',
  'Houston', 'Washington', 'Austin', 'Lima', 'Santiago', 'Aden', 'Sofia', 'Lincoln', 'Dallas', 'Perth',
  'Valencia', 'Alexandria', 'Indiana', 'Montana', 'Wellington', 'Bristol',
]);

/**
 * Places with a second sense: the sense whose cue words (lower case) appear more often in the story
 * wins; ties keep the first sense.
 */
export const AMBIGUOUS_PLACES: ReadonlyMap<string, ReadonlyArray<{ place: string; cues: readonly string[] }>> = new Map([
  ['Georgia', [
    { place: 'Georgia', cues: ['tbilisi', 'caucasus', 'georgian', 'abkhazia', 'ossetia', 'russia', 'kremlin', 'moscow', 'armenia', 'azerbaijan', 'eu', 'nato', 'soviet', 'saakashvili', 'ivanishvili', 'kobakhidze'] },
    { place: 'Georgia (US state)', cues: ['atlanta', 'savannah', 'augusta', 'alabama', 'florida', 'carolina', 'tennessee', 'county', 'gov', 'governor', 'senator', 'republican', 'republicans', 'democrat', 'democrats', 'democratic', 'gop', 'u', 'us', 'bulldogs', 'state'] },
  ]],
  // "Congo" alone is, in wire style, the Democratic Republic (named in full at first mention).
  ['Congo', [
    { place: 'DR Congo', cues: ['kinshasa', 'goma', 'kivu', 'm23', 'tshisekedi', 'kabila', 'drc', 'democratic', 'rwanda', 'rwandan', 'ituri', 'katanga', 'lubumbashi', 'bukavu', 'mpox', 'ebola', 'cobalt', 'uganda', 'burundi'] },
    { place: 'Congo', cues: ['brazzaville', 'sassou', 'nguesso', 'pointe-noire', 'gabon', 'cameroon'] },
  ]],
  ['Turkey', [
    { place: 'Turkey', cues: ['ankara', 'istanbul', 'erdogan', 'turkish', 'nato', 'syria', 'kurdish', 'lira', 'government', 'minister', 'president'] },
    { place: '', cues: ['thanksgiving', 'roast', 'roasted', 'stuffing', 'gravy', 'oven', 'recipe', 'dinner', 'christmas', 'sandwich', 'meat', 'poultry', 'farm', 'bird', 'birds', 'carve'] },
  ]],
]);
