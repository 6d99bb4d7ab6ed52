/**
 * Word lists behind person detection, written for this project: given names (a capitalised run
 * starting with one is a person), words that introduce a person ("President", "coach", "Mr"),
 * words that never start a name, and well-known people whose short form differs from the surname.
 */

/** Lower-case words that, just before a capitalised run, make it a person's name. */
export const PERSON_TITLES: ReadonlySet<string> = new Set([
  'president', 'vice', 'premier', 'minister', 'chancellor', 'secretary', 'senator', 'sen', 'rep', 'representative',
  'congressman', 'congresswoman', 'governor', 'gov', 'mayor', 'king', 'queen', 'prince', 'princess', 'pope', 'ayatollah',
  'sheikh', 'emir', 'sultan', 'general', 'gen', 'admiral', 'colonel', 'col', 'lt', 'captain', 'capt', 'sergeant', 'sgt',
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'judge', 'justice', 'commissioner',
  'ambassador', 'envoy', 'spokesman', 'spokeswoman', 'spokesperson', 'leader', 'chairman', 'chairwoman', 'chief',
  'executive', 'director', 'coach', 'manager', 'striker', 'midfielder', 'defender', 'goalkeeper', 'captain', 'archbishop',
  'bishop', 'cardinal', 'rabbi', 'imam', 'actor', 'actress', 'singer', 'star', 'rapper', 'musician', 'author', 'writer',
  'novelist', 'director', 'producer', 'founder', 'analyst', 'economist', 'chef', 'officer', 'detective', 'inspector',
  'prosecutor', 'lawyer', 'attorney', 'candidate', 'player', 'champion', 'boss', 'mp', 'mep', 'dictator', 'opponent',
  'deputy', 'treasurer', 'adviser', 'advisor', 'head', 'presenter', 'comedian', 'artist', 'designer', 'supremo',
  'ceo', 'cfo', 'forward', 'winger', 'quarterback', 'pitcher', 'batsman', 'bowler', 'footballer', 'cricketer', 'golfer',
  'boxer', 'sprinter', 'swimmer', 'cyclist', 'drummer', 'guitarist', 'filmmaker', 'playwright', 'poet', 'composer',
  'billionaire', 'businessman', 'businesswoman', 'entrepreneur', 'tycoon', 'investor', 'journalist', 'reporter',
  'correspondent', 'editor', 'columnist', 'scientist', 'researcher', 'astronaut', 'activist', 'politician', 'lawmaker',
  'legislator', 'diplomat', 'negotiator', 'photographer', 'emperor', 'empress', 'chairperson', 'owner', 'teammate', 'speaker',
]);

/**
 * The title words that still introduce a name when capitalised inside a run ("Defense Secretary
 * Lloyd Austin", "Chief Executive Tim Cook"): the leading words up to the last of them are dropped.
 * Words such as "star", "head" or "leader" introduce a name only in lower case ("star Tom Cruise"),
 * since capitalised they open titles and names of things ("Star Wars").
 */
export const CAPITALISED_TITLES: ReadonlySet<string> = new Set([
  'president', 'vice', 'premier', 'minister', 'chancellor', 'secretary', 'senator', 'sen', 'rep', 'representative',
  'congressman', 'congresswoman', 'governor', 'gov', 'mayor', 'king', 'queen', 'prince', 'princess', 'pope', 'ayatollah',
  'sheikh', 'emir', 'sultan', 'emperor', 'empress', 'general', 'gen', 'admiral', 'colonel', 'col', 'lt', 'captain',
  'capt', 'sergeant', 'sgt', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady',
  'judge', 'justice', 'commissioner', 'ambassador', 'envoy', 'spokesman', 'spokeswoman', 'spokesperson', 'chairman',
  'chairwoman', 'chairperson', 'executive', 'director', 'coach', 'archbishop', 'bishop', 'cardinal', 'rabbi', 'imam',
  'inspector', 'detective', 'deputy', 'treasurer', 'ceo', 'cfo', 'mp', 'mep', 'speaker',
]);

/**
 * Titles that are part of the name when a single name follows: "Pope Francis", "King Charles III",
 * "Prince Harry" are kept whole (a later "Francis" or "Harry" joins them); other titles are dropped.
 */
export const REGNAL_TITLES: ReadonlySet<string> = new Set(['Pope', 'King', 'Queen', 'Prince', 'Princess', 'Emperor', 'Empress']);

/**
 * Words right after a lone name that only a person does ("Jordan scored 40 points"): a place that
 * is also a person's name ("Jordan", "Chad") is not counted as the place anywhere in that story.
 * "said" is not one of them: "Washington said", "Jordan said" are governments speaking.
 */
export const PERSON_ONLY_VERBS: ReadonlySet<string> = new Set([
  'scored', 'scores', 'dunked', 'netted', 'homered', 'pitched', 'rebounded', 'dribbled', 'starred', 'stars', 'sang',
  'sings', 'married', 'divorced', 'tweeted', 'grinned', 'smiled', 'laughed', 'shrugged', 'wept',
]);

/** Common given names: a capitalised run starting with one of these is a person. */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  (
    'Aaron Abdul Abdullah Adam Adrian Ahmad Ahmed Alan Albert Alex Alexander Alexandra Alexei Alexey Ali Alice Alicia Alison ' +
    'Amanda Amy Ana Andrea Andreas Andrew Andrei Andrey Andy Angela Angelina Ann Anna Anne Anthony Antonio Anwar Ashley Barack ' +
    'Barbara Ben Benjamin Bernard Bernie Bill Billy Bob Boris Brad Brian Bruce Carl Carlos Caroline Catherine Charles Charlie ' +
    'Chris Christian Christine Christopher Claire Claudia Colin Craig Dan Daniel Danny David Dennis Diana Dmitry Dmitri Donald ' +
    'Doug Douglas Ed Eddie Edward Elena Elizabeth Ellen Elon Emily Emma Emmanuel Eric Erik Ernest Fatima Felipe Fernando Frank ' +
    'Frederick Fred Gary Geoff George Gerhard Gordon Grace Greg Gregory Hakan Hans Harold Harry Hassan Heather Helen Henry ' +
    'Hillary Hugh Hussein Ian Igor Ilham Imran Ivan Jack Jacob Jacques James Jamie Jane Janet Jason Javier Jean Jeff Jeffrey ' +
    'Jennifer Jeremy Jerome Jessica Jim Jimmy Joan Joe Joel Johan John Johnny Jon Jonathan Jorge Jose Joseph Josh Juan Judith ' +
    'Julia Julian Julie Justin Kamala Karen Karl Kate Katherine Keir Keith Kelly Ken Kenneth Kevin Kim Kirsty Kofi Kurt ' +
    'Larry Laura Lee Leo Leonardo Lewis Liam Linda Lisa Liz Louis Lucy Luis Luiz Luke Marco Margaret Maria Marie Marine Mario ' +
    'Mark Martin Mary Masoud Matt Matthew Max Maxim Michael Michel Michelle Miguel Mike Mikhail Mohammad Mohammed Muhammad ' +
    'Nancy Naomi Narendra Natalia Nathan Neil Nicholas Nick Nicola Nicolas Nigel Nikolai Nina Norman Olaf Oleg Oliver Olga Omar ' +
    'Oscar Pablo Pamela Patricia Patrick Paul Paula Pedro Peter Philip Phil Pierre Rachel Rafael Ralph Ramzan Raul Ray Rebecca ' +
    'Recep Richard Rick Rishi Rob Robert Robin Roger Roman Ron Ronald Rose Ross Roy Russell Ruth Ryan Sadiq Sam Samuel Sandra ' +
    'Sara Sarah Scott Sean Sebastian Serena Sergei Sergey Shinzo Simon Sophie Stephen Steve Steven Stuart Susan Tamim Ted ' +
    'Theresa Thomas Tim Timothy Tom Tommy Tony Ursula Valentina Valery Vanessa Victor Viktor Vincent Vladimir Volodymyr Walter ' +
    'Wayne William Xavier Yulia Yuri Yusuf Zelensky Zoe Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Hu Mahmoud Benazir ' +
    'Jair Javier Gustavo Andres Cristina Ricardo Sergio Alberto Giorgia Silvio Matteo Giuseppe Angela Friedrich Annalena ' +
    'Jens Mette Ulf Sanna Justin Pierre Jacinda Scott Anthony Malcolm Kevin Jose Shigeru Fumio Yoshihide Moon Yoon Lula ' +
    'Abbas Alistair Antony Arnold Barry Bradley Brendan Bruno Bryan Carlo Chuck Cillian Clint ' +
    'Cristiano Denzel Derek Diego Dwayne Dylan Elijah Elton Emmanuelle Ethan Gareth Gavin Gerald Glenn Hamid Harrison ' +
    'Hugo Isaac Jake Jared Jesse Jerry Jordi Kylian Lamine LeBron Leon Lionel Lloyd Marcus Mohamed ' +
    'Noah Owen Pete Ricky Rory Rudy Shane Stephanie Terry Travis Tyler Vinicius Zinedine'
  ).split(' '),
);

/** Capitalised words that start sentences or headings but never a name. */
export const NOT_NAME_WORDS: ReadonlySet<string> = new Set(
  (
    'The A An And But Or If In On At For With As When After Before While Since From By To Of This That These Those It Its ' +
    'He She They We You I His Her Their Our There Here What Which Who Whom Whose Why How Where Some Many Most More Much ' +
    'Several Both All Each Every Any No Not Yet Still Also Although Though Because However Meanwhile Instead Now Then Today ' +
    'Yesterday Tomorrow Last Next New Old Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March ' +
    'April May June July August September October November December Mr Mrs Ms Dr Sir President Minister Prime Chancellor ' +
    'Secretary Governor King Queen Prince General State States Government Police Army Officials Analysts According Under ' +
    'Over About Against Between During Without Within Despite Amid Among Following Including Unlike Like So Such Just Only ' +
    'Even Perhaps Please Thanks Sources Speaking Asked Read Watch Share Updated Published Photo Image Video Chief North South ' +
    'East West Western Eastern Northern Southern Central Great Grand Royal National International Federal Global World Premier'
  ).split(' '),
);

/** Well-known people whose short form is not their last word ("Xi" for Xi Jinping). Format: [name, aliases]. */
export const KNOWN_PEOPLE: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Vladimir Putin', ['Putin']], ['Xi Jinping', ['Xi']], ['Kim Jong Un', ['Kim Jong-un']], ['Volodymyr Zelensky', ['Zelensky', 'Zelenskyy']],
  ['Masoud Pezeshkian', ['Pezeshkian']], ['Ali Khamenei', ['Khamenei', 'Ayatollah Khamenei', 'Ayatollah Ali Khamenei']], ['Recep Tayyip Erdogan', ['Erdogan', 'Erdoğan', 'Tayyip Erdogan', 'Tayyip Erdoğan', 'Recep Tayyip Erdoğan']],
  ['Luiz Inacio Lula da Silva', ['Lula']], ['Narendra Modi', ['Modi']], ['Benjamin Netanyahu', ['Netanyahu']],
  ['Donald Trump', ['Trump']], ['Joe Biden', ['Biden']], ['Emmanuel Macron', ['Macron']], ['Olaf Scholz', ['Scholz']],
  ['Mohammed bin Salman', ['MBS']], ['Ursula von der Leyen', ['von der Leyen']], ['Sergei Lavrov', ['Lavrov']],
  ['Ilham Aliyev', ['Aliyev']], ['Alexander Lukashenko', ['Lukashenko']], ['Bashar al-Assad', ['Assad']],
  ['Abbas Araghchi', ['Araghchi']],
  // Heads of state and government, ministers, central bankers and business leaders often named by
  // surname alone ("Ruto's tax increases"). A surname shared by other well-known people (Powell,
  // Medvedev, Albanese, Herzog, Harris, Reeves, Sanchez, Abbas, Marcos) is not an alias.
  ['William Ruto', ['Ruto']], ['Cyril Ramaphosa', ['Ramaphosa']], ['Bola Tinubu', ['Tinubu']], ['Abiy Ahmed', ['Abiy']],
  ['Paul Kagame', ['Kagame']], ['Yoweri Museveni', ['Museveni']], ['Emmerson Mnangagwa', ['Mnangagwa']], ['Felix Tshisekedi', ['Tshisekedi']],
  ['Abdel Fattah al-Sisi', ['Sisi', 'el-Sisi', 'al-Sisi', 'Abdel Fattah el-Sisi']], ['Mohammed bin Zayed', ['MBZ']], ['Yahya Sinwar', ['Sinwar']], ['Hassan Nasrallah', ['Nasrallah']],
  ['Shehbaz Sharif', []], ['Nawaz Sharif', []], ['Imran Khan', []], ['Muhammad Yunus', ['Yunus']], ['Sheikh Hasina', ['Hasina']],
  ['Anthony Albanese', []], ['Christopher Luxon', ['Luxon']], ['Justin Trudeau', ['Trudeau']], ['Mark Carney', ['Carney']], ['Pierre Poilievre', ['Poilievre']],
  ['Claudia Sheinbaum', ['Sheinbaum']], ['Andres Manuel Lopez Obrador', ['Lopez Obrador', 'López Obrador', 'AMLO', 'Andrés Manuel López Obrador']],
  ['Javier Milei', ['Milei']], ['Gustavo Petro', []], ['Nicolas Maduro', ['Maduro', 'Nicolás Maduro']], ['Gabriel Boric', ['Boric']], ['Jair Bolsonaro', ['Bolsonaro']],
  ['Keir Starmer', ['Starmer']], ['Rishi Sunak', ['Sunak']], ['Boris Johnson', []], ['Rachel Reeves', []], ['David Lammy', ['Lammy']], ['Nigel Farage', ['Farage']],
  ['Friedrich Merz', ['Merz']], ['Giorgia Meloni', ['Meloni']], ['Pedro Sanchez', ['Pedro Sánchez']], ['Viktor Orban', ['Orban', 'Orbán', 'Viktor Orbán']],
  ['Donald Tusk', ['Tusk']], ['Andrzej Duda', ['Duda']], ['Mark Rutte', ['Rutte']], ['Robert Fico', ['Fico']], ['Aleksandar Vucic', ['Vucic', 'Vučić', 'Aleksandar Vučić']],
  ['Nikol Pashinyan', ['Pashinyan']], ['Kassym-Jomart Tokayev', ['Tokayev']], ['Shavkat Mirziyoyev', ['Mirziyoyev']], ['Denys Shmyhal', ['Shmyhal']],
  ['Dmitry Peskov', ['Peskov']], ['Mikhail Mishustin', ['Mishustin']], ['Dmitry Medvedev', []], ['Ebrahim Raisi', ['Raisi']], ['Mahmoud Abbas', []], ['Isaac Herzog', []],
  ['Antonio Guterres', ['Guterres', 'António Guterres']], ['Jens Stoltenberg', ['Stoltenberg']], ['Kristalina Georgieva', ['Georgieva']], ['Christine Lagarde', ['Lagarde']],
  ['Jerome Powell', []], ['Janet Yellen', ['Yellen']], ['Scott Bessent', ['Bessent']], ['Kamala Harris', []], ['JD Vance', ['J.D. Vance']], ['Marco Rubio', ['Rubio']],
  ['Antony Blinken', ['Blinken']], ['Pete Hegseth', ['Hegseth']],
  ['Fumio Kishida', ['Kishida']], ['Shigeru Ishiba', ['Ishiba']], ['Yoon Suk Yeol', ['Yoon']], ['Lee Jae-myung', ['Lee Jae myung']], ['Prabowo Subianto', ['Prabowo']],
  ['Joko Widodo', ['Jokowi', 'Widodo']], ['Anwar Ibrahim', []], ['Lai Ching-te', ['Lai Ching te']], ['Li Qiang', []], ['Wang Yi', []],
  ['Elon Musk', ['Musk']], ['Mark Zuckerberg', ['Zuckerberg']], ['Jeff Bezos', ['Bezos']], ['Sam Altman', ['Altman']], ['Satya Nadella', ['Nadella']],
  ['Sundar Pichai', ['Pichai']], ['Warren Buffett', ['Buffett']], ['Jensen Huang', []],
];
