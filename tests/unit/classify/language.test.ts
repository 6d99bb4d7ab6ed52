import { describe, expect, it } from 'vitest';
import { detectLanguage, normalizeLanguageTag } from '../../../src/classify/language/detect-language.js';

// News sentences written for these tests, one or two per language.
const TEXTS: Array<[string, string, string]> = [
  ['en', 'Russia and Iran sign 20-year treaty', 'The two countries agreed to deepen cooperation on defense, technology and energy, officials said after the meeting in Moscow.'],
  ['fr', 'La Russie et l\'Iran signent un traité', 'Les deux pays ont convenu de renforcer leur coopération dans la défense et l\'énergie, selon les responsables présents à Moscou.'],
  ['de', 'Russland und Iran unterzeichnen Vertrag', 'Die beiden Länder wollen ihre Zusammenarbeit bei der Verteidigung und der Energie ausbauen, wie die Regierung nach dem Treffen mitteilte.'],
  ['es', 'Rusia e Irán firman un tratado', 'Los dos países acordaron reforzar su cooperación en defensa y energía, según los funcionarios presentes en la reunión de Moscú.'],
  ['it', 'Russia e Iran firmano un trattato', 'I due paesi hanno deciso di rafforzare la cooperazione nella difesa e nell\'energia, secondo i funzionari presenti all\'incontro.'],
  ['pt', 'Rússia e Irã assinam tratado', 'Os dois países concordaram em reforçar a cooperação na defesa e na energia, segundo as autoridades presentes no encontro em Moscou.'],
  ['nl', 'Rusland en Iran tekenen verdrag', 'De twee landen willen hun samenwerking op het gebied van defensie en energie uitbreiden, zo werd na de bijeenkomst in Moskou gemeld.'],
  ['sv', 'Ryssland och Iran skriver under avtal', 'De två länderna har kommit överens om att fördjupa samarbetet inom försvar och energi, enligt tjänstemän som var på mötet.'],
  ['da', 'Rusland og Iran underskriver aftale', 'De to lande er blevet enige om at uddybe samarbejdet om forsvar og energi, efter mødet i Moskva, siger embedsmænd, og det blev ikke kommenteret af regeringen.'],
  ['no', 'Russland og Iran signerer avtale', 'De to landene er blitt enige om å utdype samarbeidet om forsvar og energi, etter møtet i Moskva, sier tjenestemenn, og det ble ikke kommentert av regjeringen.'],
  ['fi', 'Venäjä ja Iran allekirjoittivat sopimuksen', 'Maat ovat sopineet, että yhteistyötä puolustuksen ja energian alalla syvennetään, kertoivat virkamiehet tapaamisen jälkeen. Sopimus on voimassa myös jatkossa.'],
  ['pl', 'Rosja i Iran podpisują traktat', 'Oba kraje zgodziły się na zacieśnienie współpracy w dziedzinie obrony i energii, jak poinformowali urzędnicy po spotkaniu w Moskwie.'],
  ['cs', 'Rusko a Írán podepsaly smlouvu', 'Obě země se dohodly na prohloubení spolupráce v oblasti obrany a energetiky, jak uvedli představitelé po schůzce v Moskvě. Smlouva je podle nich také zárukou.'],
  ['sk', 'Rusko a Irán podpísali zmluvu', 'Obe krajiny sa dohodli na prehĺbení spolupráce v oblasti obrany a energetiky, ako uviedli predstavitelia po stretnutí v Moskve. Zmluva je podľa nich tiež zárukou.'],
  ['hu', 'Oroszország és Irán szerződést írt alá', 'A két ország megállapodott, hogy elmélyíti az együttműködést a védelem és az energia területén, közölték a tisztviselők a találkozó után.'],
  ['ro', 'Rusia și Iranul semnează un tratat', 'Cele două țări au convenit să își aprofundeze cooperarea în domeniul apărării și al energiei, au declarat oficialii după întâlnirea de la Moscova.'],
  ['tr', 'Rusya ve İran anlaşma imzaladı', 'İki ülke savunma ve enerji alanında işbirliğini derinleştirme konusunda anlaştı, yetkililer Moskova\'daki görüşmeden sonra açıklama yaptı.'],
  ['hr', 'Rusija i Iran potpisali sporazum', 'Dvije su se zemlje dogovorile da će produbiti suradnju u području obrane i energije, rekli su dužnosnici nakon sastanka u Moskvi.'],
  ['ca', 'Rússia i l\'Iran signen un tractat', 'Els dos països han acordat aprofundir la cooperació en defensa i energia, segons els responsables presents a la reunió de Moscou, i també en comerç.'],
  ['id', 'Rusia dan Iran tandatangani perjanjian', 'Kedua negara sepakat untuk memperdalam kerja sama di bidang pertahanan dan energi, kata para pejabat setelah pertemuan di Moskow yang juga membahas perdagangan.'],
  ['vi', 'Nga và Iran ký hiệp ước', 'Hai nước đã đồng ý tăng cường hợp tác trong lĩnh vực quốc phòng và năng lượng, các quan chức cho biết sau cuộc gặp tại Moskva.'],
  ['ru', 'Россия и Иран подписали договор', 'Две страны договорились углубить сотрудничество в области обороны и энергетики, сообщили официальные лица после встречи в Москве.'],
  ['uk', 'Росія та Іран підписали договір', 'Дві країни домовилися поглибити співпрацю у сфері оборони та енергетики, повідомили посадовці після зустрічі в Москві.'],
  ['bg', 'Русия и Иран подписаха договор', 'Двете страни се договориха да задълбочат сътрудничеството си в областта на отбраната и енергетиката, съобщиха официални лица след срещата.'],
  ['sr', 'Русија и Иран потписали споразум', 'Две земље су се договориле да ће продубити сарадњу у области одбране и енергетике, рекли су званичници након састанка у Москви.'],
  ['ar', 'روسيا وإيران توقعان معاهدة', 'اتفق البلدان على تعميق التعاون في مجالي الدفاع والطاقة، حسبما قال مسؤولون بعد الاجتماع في موسكو.'],
  ['fa', 'روسیه و ایران پیمان امضا کردند', 'دو کشور توافق کردند که همکاری در زمینه دفاع و انرژی را گسترش دهند، مقامات پس از دیدار در مسکو گفتند.'],
  ['ur', 'روس اور ایران نے معاہدے پر دستخط کیے', 'دونوں ممالک نے دفاع اور توانائی کے شعبے میں تعاون بڑھانے پر اتفاق کیا ہے، حکام نے ماسکو میں ملاقات کے بعد کہا۔'],
  ['hi', 'रूस और ईरान ने संधि पर हस्ताक्षर किए', 'दोनों देशों ने रक्षा और ऊर्जा के क्षेत्र में सहयोग बढ़ाने पर सहमति जताई है, अधिकारियों ने मास्को में बैठक के बाद कहा।'],
  ['zh', '俄罗斯与伊朗签署条约', '两国同意深化在国防和能源领域的合作，官员在莫斯科会晤后表示。'],
  ['ja', 'ロシアとイランが条約に署名', '両国は防衛とエネルギーの分野で協力を深めることで合意したと、モスクワでの会談後に当局者が述べた。'],
  ['ko', '러시아와 이란, 조약 서명', '양국은 국방과 에너지 분야의 협력을 강화하기로 합의했다고 관리들이 모스크바 회담 후 밝혔다.'],
  ['el', 'Ρωσία και Ιράν υπογράφουν συνθήκη', 'Οι δύο χώρες συμφώνησαν να εμβαθύνουν τη συνεργασία στην άμυνα και την ενέργεια, δήλωσαν αξιωματούχοι μετά τη συνάντηση.'],
  ['he', 'רוסיה ואיראן חתמו על הסכם', 'שתי המדינות הסכימו להעמיק את שיתוף הפעולה בתחומי הביטחון והאנרגיה, אמרו גורמים רשמיים לאחר הפגישה במוסקבה.'],
  ['th', 'รัสเซียและอิหร่านลงนามสนธิสัญญา', 'ทั้งสองประเทศตกลงที่จะกระชับความร่วมมือด้านการป้องกันประเทศและพลังงาน'],
  ['ka', 'რუსეთმა და ირანმა ხელშეკრულებას მოაწერეს ხელი', 'ორმა ქვეყანამ თავდაცვისა და ენერგეტიკის სფეროში თანამშრომლობის გაღრმავებაზე შეთანხმდა.'],
];

describe('detectLanguage', () => {
  it.each(TEXTS)('reads %s from the text', (code, title, text) => {
    expect(detectLanguage({ title, text })).toBe(code);
  });

  it.each(TEXTS)('reads %s even when the feed declares en-us (a template default)', (code, title, text) => {
    expect(detectLanguage({ title, text, declared: 'en-US' })).toBe(code);
  });

  it('takes the declaration where the text says little: a short headline', () => {
    expect(detectLanguage({ title: 'Putin empfängt Pezeschkian', text: '' })).toBe(null);
    expect(detectLanguage({ title: 'Putin empfängt Pezeschkian', text: '', declared: 'de-DE' })).toBe('de');
    expect(detectLanguage({ title: 'Putin Pezeshkian', text: '', declared: 'English' })).toBe('en');
  });

  it('takes the declaration between close languages the text cannot tell apart', () => {
    const [, title, text] = TEXTS.find(([c]) => c === 'da')!;
    expect(detectLanguage({ title, text, declared: 'nb-NO' })).toBe('no');
    const [, hrTitle, hrText] = TEXTS.find(([c]) => c === 'hr')!;
    expect(detectLanguage({ title: hrTitle, text: hrText, declared: 'bs' })).toBe('bs');
  });

  it('keeps a declared language it does not know when the script fits and the text does not clearly say otherwise', () => {
    expect(detectLanguage({ title: 'Errusiak eta Iranek ituna sinatu dute', text: 'Bi herrialdeek defentsan eta energian lankidetza sakontzea adostu dute.', declared: 'eu' })).toBe('eu');
    // ...but not one whose script the text does not use.
    const [, title, text] = TEXTS.find(([c]) => c === 'ru')!;
    expect(detectLanguage({ title, text, declared: 'zh-CN' })).toBe('ru');
  });

  it('gives null for text without letters and no declaration, the declaration when there is one', () => {
    expect(detectLanguage({ title: '2025', text: '12:30 — 45%' })).toBe(null);
    expect(detectLanguage({ title: '', text: '', declared: 'fr-CA' })).toBe('fr');
  });

  it('tells Japanese with Kana from Chinese, and takes Korean with a few Han characters', () => {
    expect(detectLanguage({ title: '東京株式市場', text: '日経平均株価は続落した。' })).toBe('ja');
    expect(detectLanguage({ title: '北京市政府', text: '北京市政府宣布新措施。' })).toBe('zh');
    expect(detectLanguage({ title: '韓國 대통령', text: '대통령은 오늘 기자회견을 열었다.' })).toBe('ko');
  });

  it('reads all-capital wire headlines', () => {
    expect(detectLanguage({ title: 'OPEC AGREES TO CUT OUTPUT AS PRICES FALL', text: 'The group said it would cut production from next month.' })).toBe('en');
  });
});

describe('normalizeLanguageTag', () => {
  it.each([
    ['en-US', 'en'], ['en_gb', 'en'], [' RU ', 'ru'], ['eng', 'en'], ['English', 'en'], ['zh-Hant-TW', 'zh'], ['nb', 'no'], ['iw', 'he'],
    ['', null], [null, null], ['x', null], ['12', null], ['en-US, fr', 'en'], ['ast', 'ast'], ['verylongtag', null],
  ])('%j → %j', (tag, code) => {
    expect(normalizeLanguageTag(tag)).toBe(code);
  });
});
