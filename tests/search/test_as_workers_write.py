"""Worries typed as front-line workers write them down (issue 13 session 9's probes):
each urgent one gets the urgent door first, and the same words in everyday use raise no
alarm.  Before, most of the urgent ones got ordinary services or no answer at all —
Voikko leaves participles such as "koskettu", "uhkaillut", "syönyt" unanalysed, and the
needs named dangers in adults' words.  The phrases live in graphmap/data/needs/urgent.toml.
"""
from __future__ import annotations

import pytest

from tests.search.conftest import ask

URGENT = [
    # a threat to kill: the participle (Voikko reads "tappavansa" as "tappava",
    # deadly), the fear, the past tense
    ("isä sanoi tappavansa", "fi"),
    ("äiti pelkää että isä tappaa hänet", "fi"),
    ("isä on uhkaillut", "fi"),
    ("äiti pelkää henkensä puolesta", "fi"),
    ("he said he would kill her", "en"),
    ("pappa sa att han ska döda henne", "sv"),
    # abuse as a child tells it, grooming, a worker's own suicide-risk assessment
    ("lapsi kertoi että häntä on koskettu pissasta", "fi"),
    ("isäpuoli käy yöllä lapsen huoneessa", "fi"),
    ("14-vuotias tyttö seurustelee 30-vuotiaan miehen kanssa", "fi"),
    ("nuori myy kuvia itsestään netissä", "fi"),
    ("aikuinen mies lähettelee viestejä 12-vuotiaalle", "fi"),
    ("an adult man is messaging my 12 year old", "en"),
    ("en vuxen man skickar meddelanden till henne", "sv"),
    ("vanhempi on itsemurhavaarassa", "fi"),
    ("father is a suicide risk", "en"),
    ("lapsi tuli kouluun verisenä", "fi"),
    # touching and overdose in Swedish and English
    ("styvpappan rör henne", "sv"),
    ("tonåringen har tagit en massa tabletter", "sv"),
    ("the mother says she can't go on living", "en"),
    ("the teenager took a lot of pills", "en"),
    # neglect, abduction threats, blackmail, despair
    ("isä on uhannut viedä lapset eikä palauta", "fi"),
    ("lapsi on ollut kolme päivää poissa koulusta eikä huoltajiin saada yhteyttä", "fi"),
    ("vauva on laihtunut ja äiti ei syötä", "fi"),
    ("nuori sanoo ettei näe mitään järkeä elämässä", "fi"),
    ("vanhemmat käyttävät huumeita lasten nähden", "fi"),
    ("nuorta kiristetään netissä kuvilla", "fi"),
    ("isä kiristää lasta", "fi"),
    ("lapsi on ruhjeilla", "fi"),
    # the same dangers in Swedish and English
    ("barnet har inte varit i skolan på en vecka och föräldrarna går inte att nå", "sv"),
    ("tonåringen säger att livet är meningslöst", "sv"),
    ("föräldrarna använder droger inför barnen", "sv"),
    ("flickan blir utpressad med bilder på nätet", "sv"),
    ("barnet har sår som ingen förklarar", "sv"),
    ("the child has not been at school for a week and we can't reach the parents", "en"),
    ("the teenager says life is pointless", "en"),
    ("the parents use drugs in front of the children", "en"),
    ("the girl is being blackmailed with pictures online", "en"),
    ("the child has wounds nobody explains", "en"),
    # shut in, threatened over a debt, taken by force, not fed
    ("lapsi kertoi että äiti laittaa hänet kaappiin", "fi"),
    ("nuorella on velkaa huumekauppiaille ja häntä uhataan", "fi"),
    ("isä uhkaa hakea lapsen väkisin päiväkodista", "fi"),
    ("lapsi ei ole syönyt kahteen päivään", "fi"),
    # a pregnancy under 15 is a possible sexual offence (the age written or given)
    ("13-vuotias tyttö on raskaana", "fi"),
    ("13-vuotiaan tytön äiti kertoi että tyttö on raskaana", "fi"),
    ("13-åring gravid", "sv"),
    ("13-year-old is pregnant", "en"),
    # a parent drinking and aggressive: violence at home, not only the drinking
    ("isä juo ja on aggressiivinen", "fi"),
    ("isä on juonut ja oli aggressiivinen", "fi"),
    ("äiti juo ja raivoaa", "fi"),
    ("äiti juo ja lyö", "fi"),
    ("pappa dricker och är aggressiv", "sv"),
    ("dad drinks and gets aggressive", "en"),
    ("dad drinks and gets violent", "en"),
    ("took a lot of pills for her headache", "en"),
    # session 10's probes: violence told by the child, home words for a parent
    ("lapsi kertoi että isä lyö äitiä kotona", "fi"),
    ("poika kertoi että isi hakkaa häntä", "fi"),
    ("iskä lyö mutsia", "fi"),
    ("faija on kännissä", "fi"),
    ("lapsi sanoi että kotona on pelottavaa kun isä huutaa ja heittelee", "fi"),
    ("tyttö kertoi että äitipuoli lyö häntä remmillä", "fi"),
    ("barnet berättade att pappa slår mamma", "sv"),
    ("the child said dad hits mum", "en"),
    ("lapsella on jälkiä kaulassa", "fi"),
    ("päiväkodissa huomattiin mustelmia lapsen selässä", "fi"),
    # a parent threatening suicide
    ("äiti uhkaa tappaa itsensä", "fi"),
    ("isä on uhannut tehdä itsemurhan", "fi"),
    ("äiti sanoo ettei jaksa enää elää", "fi"),
    ("mamma hotar att ta livet av sig", "sv"),
    ("mum threatens to kill herself", "en"),
    # a shaken baby
    ("vauvaa on ravisteltu", "fi"),
    ("isä ravisteli vauvaa", "fi"),
    ("bebisen har skakats", "sv"),
    ("the baby was shaken", "en"),
    # a young person selling sex
    ("nuori myy seksiä", "fi"),
    ("15-vuotias myy seksiä rahasta", "fi"),
    ("tyttö tapailee vanhempia miehiä rahaa vastaan", "fi"),
    ("tonåringen säljer sex", "sv"),
    ("the teenager is selling sex", "en"),
    # a child alone at night, neglect, a family living in a car
    ("lapsi on yksin kotona yöt", "fi"),
    ("5-vuotias oli yksin kotona koko yön", "fi"),
    ("äiti jättää lapset yksin iltaisin", "fi"),
    ("barnet lämnas ensam på natten", "sv"),
    ("the child is left alone at night", "en"),
    ("lapsi on laiha ja likainen", "fi"),
    ("lapsi tulee aina likaisena päiväkotiin", "fi"),
    ("perhe asuu autossa", "fi"),
    ("isä tuli hakemaan lasta kännissä", "fi"),
    # runaways
    ("nuori karkasi kotoa eikä ole palannut", "fi"),
    ("14-vuotias on ollut kateissa kaksi päivää", "fi"),
    ("tyttö on karannut sijaisperheestä", "fi"),
    ("dad threatened to kill us", "en"),
    # spoken "et" for "että" is no negation; a passive participle; "isa" typed undotted
    ("lapsi kertoi et isä lyö", "fi"),
    ("lapsi sanoi et äiti ei anna ruokaa", "fi"),
    ("vauvaa ravistettu", "fi"),
    ("äiti on ravistanut vauvaa", "fi"),
    ("isa juo ja on agressiivinen", "fi"),
    ("13v on raskaana", "fi"),
    ("tyttö 13v raskaana", "fi"),
    ("14-vuotiaalla tytöllä positiivinen raskaustesti", "fi"),
    # session 10b's probes: Swedish as family centres write it (no dots, "pappan",
    # "ungen"), immigrant-family workers' English, school and youth work in Finnish
    ("pappan slog ungen", "sv"),
    ("mamman e full och ungen e ensam hemma", "sv"),
    ("ungen sa att pappan slar mamman", "sv"),
    ("pappan slar ungen", "sv"),
    ("flickan sager att hon vill do", "sv"),
    ("pojken skar sig i armarna", "sv"),
    ("tonaringen hotar att skada andra elever", "sv"),
    ("pappan hotar att ta ungarna till utlandet", "sv"),
    ("ungen har blåmärken pa ryggen", "sv"),
    ("mamman e så full att hon inte kan ta hand om bebisen", "sv"),
    ("han har sagt att han ska ta med en kniv till skolan", "sv"),
    ("the father beats the children with a belt", "en"),
    ("the girl is afraid she will be sent abroad to marry", "en"),
    ("the boy says he wants to hurt other kids at school", "en"),
    ("the teen said she wants to end her life", "en"),
    ("the mother is too drunk to look after the baby", "en"),
    ("the child was left alone at home for two days", "en"),
    ("her boyfriend hits her and she is 15", "en"),
    ("nuori uhkaa ampua koulussa", "fi"),
    ("oppilas uhkasi tappaa opettajan", "fi"),
    ("nuori kertoi että poikaystävä lyö häntä", "fi"),
    ("tyttöystävä pakottaa seksiin", "fi"),
    ("oppilas viiltelee ranteitaan", "fi"),
    ("nuori puhuu itsetuhoisesti someen", "fi"),
    ("nuori on lähettänyt alastonkuvia ja niitä levitetään", "fi"),
    ("poikaa uhattiin puukolla koulumatkalla", "fi"),
    ("tyttö ei ole syönyt viikkoon ja pyörtyili koulussa", "fi"),
    ("isä pakottaa tytön naimisiin", "fi"),
    ("isä lyö äitiä ja vetää tukasta", "fi"),
    ("isä lyö ja pelaa rahapelejä", "fi"),
    ("mamman hotar att ta livet av sig", "sv"),
    ("ungen vill inte ga hem for pappan slar", "sv"),
    ("tjejen har blivit valdtagen", "sv"),
    ("pappan ar full och kör bil med barnen", "sv"),
    ("bebisen andas inte", "sv"),
    ("the mother left the kids alone and went to another city", "en"),
    ("the child has burns on his hands and won't say why", "en"),
    ("the father locks the kids in their room", "en"),
    ("her uncle touches her", "en"),
    ("the teen overdosed last night", "en"),
    ("nuori uhkaa puukottaa luokkakaveria", "fi"),
    ("oppilas toi veitsen kouluun", "fi"),
    ("nuori on kadonnut eikä vastaa puhelimeen", "fi"),
    ("poikaystävä kontrolloi ja lyö", "fi"),
    ("nuoren kuvia levitetään ja häntä kiristetään", "fi"),
    ("äiti on niin humalassa ettei pysty hoitamaan vauvaa", "fi"),
    ("lapsella on palovammoja käsissä eikä kukaan kerro miksi", "fi"),
    ("perhe nukkuu rappukäytävässä", "fi"),
    ("isä lyö lasta ja pelaa palloa", "fi"),
    ("isä lyö äitiä ja soittaa rumpuja", "fi"),
    ("pappan har hotat mamman med kniv", "sv"),
    ("ungen berattade att styvpappan tafsar", "sv"),
    ("mamman e pa droger och bebisen e ensam", "sv"),
    ("mamman e pa droger och ungen e ensam", "sv"),
    ("the dad shakes the baby when it cries", "en"),
    ("the girl says her stepfather comes to her room at night", "en"),
    ("the boy has talked about killing himself", "en"),
    ("the mum is high and the toddler is alone", "en"),
    ("nuori sanoi et haluu kuolla", "fi"),
    ("lapsi sanoi että isä on lyönyt äitiä kotona", "fi"),
    ("nuori on ottanut yliannostuksen", "fi"),
    ("äiti on kännissä ja lapset yksin kotona", "fi"),
    ("isäpuoli ahdistelee tyttöä", "fi"),
]

#: the same worries with the child's age given in the search form's age field
URGENT_AT_AGE = [
    ("tyttö on raskaana", "fi", 13),
    ("raskaana", "fi", 14),
    ("flickan är gravid", "sv", 13),
    ("the girl is pregnant", "en", 13),
]

EVERYDAY = [
    # the abuse and grooming phrases' words in everyday use
    ("asiaan on koskettu palaverissa", "fi"),
    ("lapsi pissaa housuun päiväkodissa", "fi"),
    ("äiti seurustelee uuden miehen kanssa", "fi"),
    ("isä käy yöllä töissä", "fi"),
    # a child moving, heart medicine, the end of a relationship
    ("barnet rör sig mycket och är oroligt", "sv"),
    ("flickan rör sig konstigt", "sv"),
    ("pappa har många tabletter för hjärtat", "sv"),
    ("she wants to end the relationship", "en"),
    # tightening a helmet, a threat to stop a hobby, bottle-feeding
    ("äiti kiristää lapsen pyöräilykypärän", "fi"),
    ("kiristää lapsen turvavyötä", "fi"),
    ("isä on uhannut ottaa lapsen pois harrastuksesta", "fi"),
    ("ei mitään järkeä tässä koulun aikataulussa", "fi"),
    ("äiti syöttää vauvaa pullosta", "fi"),
    # an unanswered e-mail, an unfed cat
    ("mamma ger ingen mat åt katten", "sv"),
    ("the parents don't answer my emails about the trip", "en"),
    # toys in a cupboard, a pick-up, breakfast, the weather
    ("äiti laittaa lelut kaappiin", "fi"),
    ("isä hakee lapsen päiväkodista", "fi"),
    ("lapsi ei ole syönyt aamupalaa", "fi"),
    ("sateen uhataan jatkuvan", "fi"),
    # an adult's pregnancy, a pregnant 16-year-old (soon, not urgent), a heavy day
    ("äiti on raskaana", "fi"),
    ("16-vuotias tyttö on raskaana", "fi"),
    ("äiti on raskaana ja 12-vuotias on mustasukkainen", "fi"),
    ("arki on raskasta", "fi"),
    # a parent's drinking without violence: substance services, not the urgent door
    ("isä juo paljon", "fi"),
    ("mamma dricker för mycket", "sv"),
    ("takes a lot of pills for his heart", "en"),
    # session 10's everyday probes: sleep, speech, divorce, money, play, school
    ("lapsi nukkuu huonosti", "fi"),
    ("vauva heräilee öisin", "fi"),
    ("vauva nukkuu vain autossa", "fi"),
    ("barnet sover dåligt", "sv"),
    ("3-vuotias ei puhu vielä", "fi"),
    ("puhe ei kehity", "fi"),
    ("the toddler does not talk yet", "en"),
    ("vanhemmat eroavat", "fi"),
    ("eroperhe riitelee lapsen tapaamisista", "fi"),
    ("parents are divorcing", "en"),
    ("perheellä on rahahuolia", "fi"),
    ("ei ole rahaa ruokaan", "fi"),
    ("isä on työtön ja velkaa", "fi"),
    ("familjen har ont om pengar", "sv"),
    ("the family has money problems", "en"),
    ("lapsi ei leiki muiden kanssa", "fi"),
    ("lapsella on täitä", "fi"),
    ("lapsi pelkää pimeää", "fi"),
    ("uhmaikäinen raivoaa", "fi"),
    ("lapsi lyö muita lapsia päiväkodissa", "fi"),
    ("lapsi heittelee leluja", "fi"),
    ("isä heittelee palloa lapsen kanssa", "fi"),
    ("nuori myy vanhoja vaatteitaan netissä", "fi"),
    ("the kids will kill us with their noise", "en"),
    ("äiskä juo paljon", "fi"),
    ("isi on masentunut", "fi"),
    ("nuori on lopettanut syömisen", "fi"),
    ("isä ravistaa pulloa", "fi"),
    ("lapsi kertoi et isä ei lyö", "fi"),
    ("äiti on raskaana kolmatta kertaa", "fi"),
    ("vauva ei nuku ja äiti on väsynyt", "fi"),
    ("nuori ei osaa myydä itseään työhaastattelussa", "fi"),
    # a child who will not sleep alone is a sleep worry, not a child left alone
    ("lapsi ei nuku yksin", "fi"),
    ("vauva nukkuu yksin omassa huoneessa", "fi"),
    ("lapsi leikkii mielellään yksin", "fi"),
    # session 10b's probes: the same languages' everyday worries and figures of speech
    ("ungen sover dåligt", "sv"),
    ("mamman e dödstrött", "sv"),
    ("pappan jobbar natt och mamman e trött", "sv"),
    ("ungen vill inte gå till skolan", "sv"),
    ("familjen behöver hjälp med bostad", "sv"),
    ("mamman spelar för mycket pengar på nätet", "sv"),
    ("ungen har långtidscovid och orkar inte", "sv"),
    ("pappan e sjuk och ungen tar hand om honom", "sv"),
    ("ungen e ledsen efter skilsmässan", "sv"),
    ("vi skrattade ihjäl oss", "sv"),
    ("det skar sig mellan föräldrarna", "sv"),
    ("mamma spelar kort med barnen", "sv"),
    ("mamman tar hand om den sjuka bebisen", "sv"),
    ("barnet är sjukt och mamman e trött", "sv"),
    ("the family needs an interpreter for the school meeting", "en"),
    ("the refugee family needs help finding housing", "en"),
    ("the family is being evicted from their flat", "en"),
    ("the boy is killing it at school", "en"),
    ("the kids are dying to go to the playground", "en"),
    ("the mother is homesick and lonely", "en"),
    ("dad gambles away the family money", "en"),
    ("the child has long covid and misses school", "en"),
    ("the teen thinks she might be transgender", "en"),
    ("the girl cares for her sick mother", "en"),
    ("the boy looks after his sick father", "en"),
    ("the mother cares for her sick child", "en"),
    ("the boy is bullied online", "en"),
    ("the girl stopped eating and lost a lot of weight", "en"),
    ("the child has been absent from school a lot", "en"),
    ("we had a blast at the party", "en"),
    ("she does not want to hurt others feelings", "en"),
    ("the teen is sick of school", "en"),
    ("oppilas on paljon poissa koulusta", "fi"),
    ("nuori ei käy koulua", "fi"),
    ("nuorta kiusataan somessa", "fi"),
    ("nuori on mustasukkaisessa seurustelusuhteessa", "fi"),
    ("tytöllä on syömishäiriö", "fi"),
    ("nuori hoitaa sairasta äitiään", "fi"),
    ("perhe on häädön uhalla", "fi"),
    ("perhe on menettämässä asuntonsa", "fi"),
    ("pakolaisperhe tarvitsee tulkin", "fi"),
    ("isä pelaa rahapelejä ja velkaa kertyy", "fi"),
    ("lapsi pohtii sukupuoli-identiteettiään", "fi"),
    ("nuori haluaa vaihtaa sukupuolta", "fi"),
    ("lapsella on pitkittynyt korona ja on väsynyt", "fi"),
    ("lapsella on pitkäaikaissairaus diabetes", "fi"),
    ("nuoret kuolivat nauruun", "fi"),
    ("nuori tappaa aikaa kauppakeskuksessa", "fi"),
    ("poika lyö rumpua bändissä", "fi"),           # plays the drum: a hobby
    ("isä lyö vetoa jalkapallosta", "fi"),         # places a bet: gambling
    ("lapset leikkivät ambulanssileikkiä", "fi"),
    ("lapset leikkivät ambulanssia", "fi"),
    ("oppilas ampui maalin koripallossa", "fi"),
    ("nuori on ihan kuollut väsymyksestä", "fi"),
    ("lapsi pelkää koulun terveystarkastusta", "fi"),
    ("pappan jobbar jämt och ungen e ensam efter skolan", "sv"),
    ("mamman e orolig för ungens skärmtid", "sv"),
    ("ungen är arg hela tiden", "sv"),
    ("pappan e arg hela tiden", "sv"),
    ("tonåringen vill byta kön", "sv"),
    ("familjen är flyktingar och behöver tolk", "sv"),
    ("familjen blir vräkt", "sv"),
    ("the parents fight a lot about money", "en"),
    ("the teen is always on his phone at night", "en"),
    ("the family just arrived and needs a school place", "en"),
    ("the boy is dead tired after practice", "en"),
    ("the kid is a killer at chess", "en"),
    ("nuori pelaa yöt läpi", "fi"),
    ("oppilas ei tee läksyjä", "fi"),
    ("nuori on yksinäinen välitunneilla", "fi"),
    ("tyttö laihduttaa", "fi"),
    ("äiti laihduttaa", "fi"),
    ("perhe tarvitsee apua asunnon etsimiseen", "fi"),
    ("äiti on huolissaan nuoren seurustelusta", "fi"),
    ("nuori kuoli tylsyyteen kesälomalla", "fi"),
    ("poika tappoi pelissä kaikki viholliset", "fi"),
    ("lapsi lyö palloa mailalla", "fi"),
    ("tyttö räjähti nauruun", "fi"),
    ("nuorella on pitkä covid", "fi"),
    ("kotitaloustunnilla käytetään veistä koulussa", "fi"),
    ("pappan e helt slut efter jobbet", "sv"),
    ("mamman vill ha stöd i föräldraskapet", "sv"),
    ("pappan e på droger ibland", "sv"),
    ("the teen is dying her hair blue", "en"),
    ("the boy shot a great goal", "en"),
    ("the mother is dying to meet other parents", "en"),
    ("the mother has high blood pressure", "en"),
    ("mum is high on life after the wedding", "en"),
    ("the stepfather comes to her school play", "en"),
    ("isä löi päänsä ovenkarmiin", "fi"),
    ("nuori ampuu jousiammuntaa", "fi"),
    ("äiti on ihan kuoleman väsynyt", "fi"),
    ("nuori kuolee tylsyyteen", "fi"),
    ("nuori ei haluu kuolla tylsyyteen", "fi"),
    ("tyttö kiristää hiuksiaan ponnarille", "fi"),
]

#: figures of speech and accidents still read as violence: a struck thing ("rumpua" is
#: handled by a hobby phrase, "puita" not), one's own knee, a gym, a rattle — phrases
#: match in any order, so who or what is struck is not yet told apart
KNOWN_FALSE_ALARMS = [
    ("mamman slår in julklappar", "sv"),
    ("barnet slår på trumman", "sv"),
    ("nuori hakkaa tietokoneen näppäimistöä", "fi"),
    ("isä hakkaa puita", "fi"),
    ("ungen slår sig ofta när han leker", "sv"),
    ("the dad hits the gym every day", "en"),
    ("lapsi kaatui ja löi polvensa", "fi"),
    ("the dad shakes the baby rattle", "en"),
]

#: everyday worries with the child's age given in the search form's age field
EVERYDAY_AT_AGE = [
    ("äiti on raskaana", "fi", 3),
    ("raskaana", "fi", 3),
    ("tyttö on raskaana", "fi", 16),
    ("the girl is pregnant", "en", 17),
    ("isosisko on raskaana", "fi", 12),       # the older sister's pregnancy
    ("her older sister is pregnant", "en", 12),
]


@pytest.mark.parametrize("text, lang", URGENT)
def test_an_urgent_worry_as_a_worker_writes_it_gets_the_urgent_door_first(demo, text, lang):
    answer = ask(demo, text, area="asikkala", lang=lang)
    assert answer["urgent"], (answer["needs"], answer["unrecognised"])
    assert answer["results"][0]["section"] == "urgent"


@pytest.mark.parametrize("text, lang", EVERYDAY)
def test_the_same_words_in_everyday_use_raise_no_alarm(demo, text, lang):
    assert not ask(demo, text, area="asikkala", lang=lang)["urgent"]


@pytest.mark.xfail(strict=True, reason="what is struck is not yet told apart")
@pytest.mark.parametrize("text, lang", KNOWN_FALSE_ALARMS)
def test_known_figures_of_speech_still_raise_an_alarm(demo, text, lang):
    assert not ask(demo, text, area="asikkala", lang=lang)["urgent"]


@pytest.mark.parametrize("text, lang, age", URGENT_AT_AGE)
def test_an_urgent_worry_with_the_age_given_gets_the_urgent_door_first(demo, text, lang, age):
    answer = ask(demo, text, area="asikkala", lang=lang, age=age)
    assert answer["urgent"], (answer["needs"], answer["unrecognised"])
    assert answer["results"][0]["section"] == "urgent"


@pytest.mark.parametrize("text, lang, age", EVERYDAY_AT_AGE)
def test_the_same_words_at_another_age_raise_no_alarm(demo, text, lang, age):
    assert not ask(demo, text, area="asikkala", lang=lang, age=age)["urgent"]


def test_a_parents_drinking_without_violence_gets_substance_services(demo):
    answer = ask(demo, "isä juo paljon", area="asikkala")
    assert "päihdepalvelut" in answer["results"][0]["matched"]


def test_heart_medicine_is_no_contraception(demo):
    answer = ask(demo, "takes a lot of pills for his heart", area="asikkala", lang="en")
    assert "contraception" not in [n["id"] for n in answer["needs"]]


@pytest.mark.parametrize("text, lang, need", [
    ("isi hakkaa äitiä", "fi", "family-violence"),        # "isi" is "isä"
    ("äiskä juo paljon", "fi", "parent-substance"),       # "äiskä" is "äiti"
    ("tonåringen säljer sex", "sv", "sexual-abuse"),
    ("lapsella on täitä", "fi", "health-checkups"),
    ("familjen har ont om pengar", "sv", "money"),
    ("nuori on lopettanut syömisen", "fi", "eating-disorder"),
    # session 10b: the parent's illness, a child's long covid, absence, betting, a drum
    ("the girl cares for her sick mother", "en", "parent-illness-family"),
    ("lapsella on pitkittynyt korona ja on väsynyt", "fi", "child-long-illness"),
    ("the girl stopped eating and lost a lot of weight", "en", "eating-disorder"),
    ("isä lyö vetoa jalkapallosta", "fi", "parent-gambling"),
    ("poika lyö rumpua bändissä", "fi", "hobbies"),
    ("tonåringen vill byta kön", "sv", "sexuality-identity"),
    ("nuorella on pitkä covid", "fi", "child-long-illness"),
])
def test_everyday_and_home_words_find_their_need(demo, text, lang, need):
    answer = ask(demo, text, area="asikkala", lang=lang)
    assert need in [n["id"] for n in answer["needs"]]
    assert answer["unrecognised"] == []  # "isi", "tonåringen" are people, not unknown words


@pytest.mark.parametrize("text, lang", [("tyttö on raskaana", "fi"), ("flickan är gravid", "sv"),
                                        ("the girl is pregnant", "en")])
def test_a_pregnant_13_year_old_gets_child_protection_then_the_maternity_clinic(demo, text, lang):
    results = ask(demo, text, area="asikkala", lang=lang, age=13)["results"]
    sections = [r["section"] for r in results]
    assert sections[0] == "urgent" and "lastensuojelu" in results[0]["matched"]
    assert any("äitiysneuvola" in r["matched"] for r in results if r["section"] != "urgent")
