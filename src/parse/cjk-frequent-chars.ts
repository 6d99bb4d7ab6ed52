/**
 * Characters that make up most running text in Chinese, Japanese and Korean, written out by hand from
 * general knowledge of the languages (not derived from any corpus). Charset detection only asks "is this
 * a common character?": text decoded with the right charset is full of them, text decoded with the
 * wrong one is a random spread over thousands of rare ones.
 */

const HAN_SIMPLIFIED =
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切';

const HAN_TRADITIONAL =
  '這們來國個說為時會對過發還後麼當無開經頭現從動兩長樣將與進實種聲話兒問機給幾業間門東電關產軍萬體別處總場師書員華報馬張難數應車親務係計愛讓認論義術結區轉輕紅決達辦運條變聯權該領傳遠資隊帶氣聽見覺題統請廣議際則單據導網專讀飛觀爭組視濟離雖壞興歷識極黃臉錢黨設雙歲眾語滿寫學邊風戰幹許裡點隻內陽陰聞閱鐵銀錄長陳陸隨險雲靈韓頁項須顧額願類顯飯館髮鬥魚鳥麥齊龍';

/** Kanji forms particular to Japanese, and the most common kanji of news text. */
const KANJI_JAPANESE = '県発気円駅売読図広歳帰覧関続験転届様弁択込団査証営総選挙首相議員党政府警察事件東京大阪都道府県市町村社会経済';

const HANGUL_COMMON =
  '이다는의에가하고을를지기서한로으도사리대자해수인있나시아어게정일국보것제주들만부전라년적상소우니면그구여동원경성방장과중관했문비계않세위연생신내회미람조할모마거분화발실었공요데개본학선야무물안유단러금입말반체때차통및후합민오결업용영운될되된며까께죠습현행출교술울당청군북남간작품음악씨님네강산도명의료감독표' +
  '스뉴늘터트크프드르브즈츠테레베케페헤버저커퍼허너더머겠래새재매배류규누두루무수우추쿠투푸후날글길리미비치키티피히디왔갔봤졌렸셨워줘와과요';

function buildCharSet(...chars: string[]): ReadonlySet<number> {
  const set = new Set<number>();
  for (const text of chars) for (const ch of text) set.add(ch.codePointAt(0)!);
  return set;
}

/** Frequent Han characters, simplified, traditional and Japanese forms. */
export const FREQUENT_HAN: ReadonlySet<number> = buildCharSet(HAN_SIMPLIFIED, HAN_TRADITIONAL, KANJI_JAPANESE);

/** Frequent Hangul syllables. */
export const FREQUENT_HANGUL: ReadonlySet<number> = buildCharSet(HANGUL_COMMON);
