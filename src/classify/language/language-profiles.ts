/**
 * What the language detector knows (detect-language.ts): the writing systems that name one language
 * by themselves, and for the scripts several languages share, each language's most frequent
 * function words and the letters only it (or few others) use. Written for this project from
 * general knowledge of the languages, not derived from any data set.
 */

/** Scripts a character can belong to (Han and Kana are told apart: Kana marks Japanese). */
export type Script =
  | 'latin' | 'cyrillic' | 'greek' | 'arabic' | 'hebrew' | 'devanagari' | 'bengali' | 'gurmukhi' | 'gujarati'
  | 'oriya' | 'tamil' | 'telugu' | 'kannada' | 'malayalam' | 'sinhala' | 'thai' | 'lao' | 'tibetan' | 'myanmar'
  | 'georgian' | 'hangul' | 'ethiopic' | 'khmer' | 'armenian' | 'kana' | 'han';

/** Unicode blocks of each script's letters, [first, last] code points, searched in order. */
export const SCRIPT_RANGES: ReadonlyArray<readonly [number, number, Script]> = [
  [0x0041, 0x005a, 'latin'], [0x0061, 0x007a, 'latin'], [0x00c0, 0x024f, 'latin'], [0x1e00, 0x1eff, 'latin'],
  [0x0370, 0x03ff, 'greek'], [0x1f00, 0x1fff, 'greek'],
  [0x0400, 0x052f, 'cyrillic'],
  [0x0531, 0x058f, 'armenian'],
  [0x05d0, 0x05ea, 'hebrew'],
  [0x0600, 0x06ff, 'arabic'], [0x0750, 0x077f, 'arabic'], [0xfb50, 0xfdff, 'arabic'], [0xfe70, 0xfeff, 'arabic'],
  [0x0900, 0x097f, 'devanagari'], [0x0980, 0x09ff, 'bengali'], [0x0a00, 0x0a7f, 'gurmukhi'], [0x0a80, 0x0aff, 'gujarati'],
  [0x0b00, 0x0b7f, 'oriya'], [0x0b80, 0x0bff, 'tamil'], [0x0c00, 0x0c7f, 'telugu'], [0x0c80, 0x0cff, 'kannada'],
  [0x0d00, 0x0d7f, 'malayalam'], [0x0d80, 0x0dff, 'sinhala'], [0x0e00, 0x0e7f, 'thai'], [0x0e80, 0x0eff, 'lao'],
  [0x0f00, 0x0fff, 'tibetan'], [0x1000, 0x109f, 'myanmar'], [0x10a0, 0x10ff, 'georgian'], [0x1100, 0x11ff, 'hangul'],
  [0x1200, 0x139f, 'ethiopic'], [0x1780, 0x17ff, 'khmer'],
  [0x3040, 0x30ff, 'kana'], [0x31f0, 0x31ff, 'kana'], [0xff66, 0xff9f, 'kana'],
  [0x3130, 0x318f, 'hangul'], [0xac00, 0xd7af, 'hangul'],
  [0x3400, 0x4dbf, 'han'], [0x4e00, 0x9fff, 'han'], [0xf900, 0xfaff, 'han'],
];

/** Scripts that name their language alone (ISO 639-1). */
export const SCRIPT_LANGUAGE: Partial<Record<Script, string>> = {
  greek: 'el', hebrew: 'he', bengali: 'bn', gurmukhi: 'pa', gujarati: 'gu', oriya: 'or', tamil: 'ta', telugu: 'te',
  kannada: 'kn', malayalam: 'ml', sinhala: 'si', thai: 'th', lao: 'lo', tibetan: 'bo', myanmar: 'my', georgian: 'ka',
  hangul: 'ko', ethiopic: 'am', khmer: 'km', armenian: 'hy',
};

/** A language told apart from the others of its script by its function words and letters. */
export interface WordProfile {
  code: string;
  script: Script;
  /** Its most frequent function words, lower-case. */
  words: string;
  /** Letters few other languages of the script use (each occurrence is weak evidence). */
  letters?: string;
}

export const WORD_PROFILES: readonly WordProfile[] = [
  { code: 'en', script: 'latin', words: 'the of and to in is that for on with as was at by from it its has have be are were said will an this which their after but not who his been they would about' },
  { code: 'fr', script: 'latin', words: 'le la les des du de et un une est dans pour que qui sur au aux par avec pas il elle ce cette sont ont été mais plus ses leur selon entre après où aussi', letters: 'çêèàùœ' },
  { code: 'de', script: 'latin', words: 'der die das und den dem des ist nicht ein eine einen mit sich auf für von zu im auch es sie wird werden hat haben nach bei aus wie noch über oder aber sind wurde dass', letters: 'ßäöü' },
  { code: 'es', script: 'latin', words: 'el la los las de del y en que un una por con para es se su sus al lo como más pero fue ha este esta según sobre entre también desde hasta sin muy son está', letters: 'ñ¿¡áíóú' },
  { code: 'it', script: 'latin', words: 'il lo la i gli le di del della dei delle e è un una che per con non sono nel nella alla al da dal si come più ma anche questo questa ha hanno stato dopo tra sul', letters: 'àèìòù' },
  { code: 'pt', script: 'latin', words: 'o a os as de do da dos das e em no na nos nas um uma que para com por não se é foi ao à mais pelo pela seu sua também mas são está como ser já ainda', letters: 'ãõçâêô' },
  { code: 'nl', script: 'latin', words: 'de het een en van in is dat op te met voor niet zijn aan er door ook als bij maar om uit wordt werd naar dan nog over hij ze heeft hebben deze dit tot' },
  { code: 'sv', script: 'latin', words: 'och att det som en ett är på av för med till den har inte om var de men från vid sig kan ska också efter när sina hade blev under eller mot detta än', letters: 'åäö' },
  { code: 'da', script: 'latin', words: 'og at det som en et er på af for med til den har ikke om var de men fra ved sig kan skal også efter når sine havde blev under eller mod dette end hun han der', letters: 'æøå' },
  { code: 'no', script: 'latin', words: 'og at det som en et er på av for med til den har ikke om var de men fra ved seg kan skal også etter når sine hadde ble under eller mot dette enn hun han der', letters: 'æøå' },
  { code: 'fi', script: 'latin', words: 'ja on ei että se oli ovat mutta kun myös joka jotka hän tämä sen ole kuin niin mukaan vuonna sekä tai jo nyt voi olla ollut jälkeen kanssa hänen mitä', letters: 'äö' },
  { code: 'et', script: 'latin', words: 'ja on ei et see ka kui ta oli mis aga või nii siis ning seda ole veel pärast kes mida üle aasta tema juba', letters: 'õäöü' },
  { code: 'pl', script: 'latin', words: 'i w z na się nie do to że jest o od po jak ale za co przez dla jego są był była tak już przy tylko może który która które oraz także jednak tym roku', letters: 'łąęśźżńó' },
  { code: 'cs', script: 'latin', words: 'a v se na je že s z o do to k i jako pro by ale jsou byl byla bylo podle však také tak jeho který která které při po od aby nebo jsem už', letters: 'řůěčšž' },
  { code: 'sk', script: 'latin', words: 'a v sa na je že s z o do to k i ako pre by ale sú bol bola bolo podľa však tiež tak jeho ktorý ktorá ktoré pri po od aby alebo už aj', letters: 'ľĺŕôäčšž' },
  { code: 'hu', script: 'latin', words: 'a az és hogy nem is egy van meg de ez azt mint már csak még volt kell lesz után szerint között vagy ha el ki fel pedig amely aki így most sok', letters: 'őű' },
  { code: 'ro', script: 'latin', words: 'și în de la cu a al ale pe că nu o un din pentru este sunt mai care au se ca fost după prin sau dar lui acest această între despre fiind', letters: 'șțăâî' },
  { code: 'tr', script: 'latin', words: 've bir bu da de için ile olarak olan gibi daha çok en ne ama ancak göre sonra kadar değil her mi o şu diye yılında ise veya tarafından üzerinde karşı', letters: 'ğışİ' },
  { code: 'hr', script: 'latin', words: 'i u je se na da za su od s sa o a koji koja koje kao ali iz što to će nije bio bila biti ili po do još samo prema nakon te', letters: 'đčćšž' },
  { code: 'ca', script: 'latin', words: 'el la els les de del i en que un una per amb és va no es al als seu seva però més com aquest aquesta també dels hi han ha sobre entre', letters: 'çàèò·' },
  { code: 'lt', script: 'latin', words: 'ir yra kad su į iš ne bet kaip tai jo jis ji buvo bus dėl per apie tik taip nuo po prie arba kuris kurie metų', letters: 'ąčęėįšųūž' },
  { code: 'lv', script: 'latin', words: 'un ir ar par no uz kas ka lai bet tā tas to arī vai nav bija būs pēc kā gada viņš viņa jau tikai', letters: 'āčēģīķļņšūž' },
  { code: 'id', script: 'latin', words: 'yang dan di dari ini itu untuk dengan tidak dalam akan pada juga ke karena oleh ada adalah bahwa atau mereka telah sudah kami kita saat bisa lebih tersebut' },
  { code: 'vi', script: 'latin', words: 'của và các là có được trong cho với những một này đã không người để khi từ theo về năm đến ra sẽ như tại', letters: 'ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ' },
  { code: 'sw', script: 'latin', words: 'na ya wa kwa za la katika ni kuwa hiyo huo hii pia lakini baada kama wakati amesema watu zaidi' },
  { code: 'ru', script: 'cyrillic', words: 'и в не на что с по это как а о к из за от для он она но так его же было был была также при только уже после более может или ее её они который которые года', letters: 'ыэъё' },
  { code: 'uk', script: 'cyrillic', words: 'і в у не на що з по це як а до із за від для він вона але так його був була також при тільки вже після або її вони який які року та й', letters: 'іїєґ' },
  { code: 'be', script: 'cyrillic', words: 'і ў у не на што з па гэта як а да за ад для ён яна але так яго быў была таксама пры толькі ужо пасля або яе яны які якія года', letters: 'ўі' },
  { code: 'bg', script: 'cyrillic', words: 'и в на не да се че от за с по е са това като но той тя към след ще бе беше който която които при или години също още им го', letters: 'ъ' },
  { code: 'sr', script: 'cyrillic', words: 'и у је се на да за су од са о а који која које као али из што то ће није био била бити или по до још само према након', letters: 'ђјљњћџ' },
  { code: 'mk', script: 'cyrillic', words: 'и во на не да се од за со по е тоа како но тој таа кон ќе беше кој која кои при или години исто уште ги', letters: 'ѓќѕјљњ' },
  { code: 'kk', script: 'cyrillic', words: 'және бұл мен да де үшін бойынша осы бір деп ол оның жылы туралы арқылы болып сондай қазір сол', letters: 'әғқңөұүһі' },
  { code: 'ar', script: 'arabic', words: 'في من على إلى أن عن مع هذا هذه التي الذي كان قال بين بعد أو لا ما وقد كما حيث', letters: 'ةىكي' },
  { code: 'fa', script: 'arabic', words: 'و در به از که این را با است برای آن یک شده می خود تا هم بر شد نیز', letters: 'پچژگکی' },
  { code: 'ur', script: 'arabic', words: 'کے کی میں ہے اور سے کو نے پر یہ ہیں کا بھی گیا تھا کہا', letters: 'ٹڈڑںےۓہھ' },
  { code: 'hi', script: 'devanagari', words: 'है के में की और को से का पर यह ने हैं था कि एक भी लिए गया' },
  { code: 'mr', script: 'devanagari', words: 'आहे आणि या व हे ते की आहेत होते केले त्यांनी म्हणाले', letters: 'ळ' },
  { code: 'ne', script: 'devanagari', words: 'छ र को मा पनि गर्न भएको छन् यो गरेको हो थियो' },
];

/** ISO 639-2 and English names some feeds declare, to their ISO 639-1 code. */
export const LANGUAGE_ALIASES: Readonly<Record<string, string>> = {
  eng: 'en', english: 'en', fra: 'fr', fre: 'fr', french: 'fr', deu: 'de', ger: 'de', german: 'de', spa: 'es', spanish: 'es',
  ita: 'it', italian: 'it', por: 'pt', portuguese: 'pt', nld: 'nl', dut: 'nl', dutch: 'nl', swe: 'sv', dan: 'da',
  nor: 'no', nob: 'no', nb: 'no', nno: 'no', nn: 'no', fin: 'fi', pol: 'pl', polish: 'pl', ces: 'cs', cze: 'cs', slk: 'sk', slo: 'sk',
  hun: 'hu', ron: 'ro', rum: 'ro', tur: 'tr', turkish: 'tr', hrv: 'hr', bos: 'bs', srp: 'sr', cat: 'ca', lit: 'lt', lav: 'lv',
  est: 'et', ind: 'id', vie: 'vi', swa: 'sw', rus: 'ru', russian: 'ru', ukr: 'uk', bel: 'be', bul: 'bg', mkd: 'mk', mac: 'mk',
  kaz: 'kk', ara: 'ar', arabic: 'ar', fas: 'fa', per: 'fa', urd: 'ur', hin: 'hi', mar: 'mr', nep: 'ne', zho: 'zh', chi: 'zh',
  chinese: 'zh', jpn: 'ja', japanese: 'ja', kor: 'ko', korean: 'ko', ell: 'el', gre: 'el', greek: 'el', heb: 'he', iw: 'he',
  in: 'id', ji: 'yi',
};
