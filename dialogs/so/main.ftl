# Frontdoor dialogue texts, Somali. Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = af-Soomaali

## First contact

welcome = Soo dhawoow, kani waa 211, bilaash iyo qarsoodi. Waxaan kaa caawin karaa helitaanka cunto, guri, caafimaad, lacag iyo adeegyo kale oo kuu dhow. Qof ayaad sidoo kale la hadli kartaa { $hours }.
welcome-sms-stop = Ku jawaab STOP si aad u joojiso fariimaha.
hours-always = habeen iyo maalin
hours-range = { $days } { $opens } ilaa { $closes }
ask-need = Maxaad maanta caawimaad u baahan tahay? Ereyo kooban igu sheeg.
capabilities = Waxaan kuu heli karaa adeegyo kuu dhow oo ku saabsan: cunto, hoy, guryo, biilal, lacag, shaqo, caafimaad, caafimaadka maskaxda, maandooriye, xadgudub iyo badbaado, caawimaad sharci, dadka cusub, waayeelka, naafonimada, qoysaska, gaadiidka, dharka iyo waxbarashada. Ii sheeg waxaad u baahan tahay, ama weydii inaad qof la hadasho.

## Language

confirm-language = Waxay u muuqataa inaad ku qoraysid { $language }. Ma ku sii wadnaa { $language }?
language-yes = Haa
language-no = Maya, Ingiriisi (English)
language-switched = Hagaag, hadda waxaan ku qori doonaa { $language }.
language-unsupported = Weli kuma qori karo luqaddaada. Waxaan qof ka codsanayaa inuu kaa caawiyo, iyadoo turjumaan la adeegsanayo.

## Need

clarify-need = Waxaan rabaa inaan hubiyo inaan si sax ah kuu fahmay. Midkee ugu dhow?
clarify-other = Wax kale
not-understood = Raali ahow, ma fahmin. Ma ereyo kooban igu sheegi kartaa waxaad u baahan tahay, sida "cunto", "kiro" ama "dhakhtar"?
media-not-read = Raali ahow, waxaan akhrin karaa qoraal oo keliya, ma aha sawirro ama faylal kale. Fadlan ereyo igu qor waxaad u baahan tahay. Khatar ma ku jirtaa? Wac 911.
offer-navigator = Ma hubo inaan ku fahmay. Ma rabtaa inaad qof la hadasho?
navigator-yes = Haa, qof
navigator-no = Maya, mar kale ayaan isku dayayaa

## Location

ask-location = Xaggee baad joogtaa? Soo dir koodhka boostada, magaalada ama xaafadda aad joogto.
ask-location-web = Xaggee baad joogtaa? Soo dir koodhka boostada, magaalada ama xaafadda, ama isticmaal badhanka goobta.
location-not-found = Meeshaas kama helin Ontario. Isku day koodhkaaga boostada (tusaale K1P 1J1) ama magaaladaada.
location-set = Mahadsanid, waxaan ka raadinayaa agagaarka { $place }.

## Referrals

referrals-intro = Kuwani waa adeegyo ku saabsan { $need } oo u dhow { $place }:
referrals-intro-anywhere = Kuwani waa adeegyo ku saabsan { $need }:
referral-open = hadda furan
referral-closed = hadda xiran
referral-distance = { $km } km
referrals-more-hint = Ku jawaab lambar si aad u hesho faahfaahin, DHEERAAD si aad u aragto doorashooyin kale, ama ii sheeg waxa kale oo aad u baahan tahay.
referral-details = { $name } ({ $organization }). Telefoon: { $phone }. Cinwaan: { $address }. Saacadaha: { $hours }.
referral-unknown = lama sheegin
no-more-referrals = Intaasi waa adeegyada aan helay oo dhan. Qof ayaa kula sii raadin kara: ku jawaab QOF.
no-match = Raali ahow, kama helin adeeg ku saabsan { $need } oo u dhow { $place }. Baahidan waan qoray si khadka caawimaadu u ogaado. Ma rabtaa inaad qof la hadasho?
anything-else = Ma jiraa wax kale oo aan kaa caawin karo?

## Follow-up and goodbye

follow-up-offer = Ma kula soo xiriiri karnaa { $days } maalmood kadib si aan u ogaanno inaad caawimaad heshay?
follow-up-yes = Haa
follow-up-no = Maya, mahadsanid
follow-up-scheduled = Mahadsanid. Waxaan kula soo xiriiri doonnaa { $days } maalmood kadib.
follow-up-declined = Hagaag, kulama soo xiriiri doonno.
thanks-reply = Adaa mudan. Is ilaali, waqti kasta ayaad noo soo qori kartaa.
goodbye = Is ilaali. Waqti kasta ayaad noo soo qori kartaa; 211 waa bilaash iyo qarsoodi.

## Handoff

handoff-queued = Waxaan kugu xirayaa qof. Safka waxaad ku tahay lambarka { $position }; waxay qaadan kartaa ku dhawaad { $minutes } daqiiqo. Fadlan halkan joog.
handoff-after-hours = Shaqaalahayagu waxay diyaar yihiin { $hours }. Markaas ayaa qof halkan kaaga jawaabi doonaa.
handoff-follow-up = Ma rabtaa in shaqaaluhu kula soo xiriiro marka ay soo noqdaan?
handoff-returned = Waxaad dib ula joogtaa caawiyaha 211. Maxaan kale kaa caawin karaa?

## Crisis (always available)

crisis = Haddii aad hadda khatar ku jirto, wac 911. Haddii aad is-dilid ka fikirayso, wac ama fariin u dir 9-8-8, waqti kasta. { $lines } Hadda waxaan kugu xirayaa qof.
crisis-lines = Assaulted Women's Helpline (haweenka xadgudubka la kulmay): 1-866-863-0511. Kids Help Phone (carruurta iyo dhallinyarada): 1-800-668-6868.

## Need names

need-food = cunto
need-shelter = meel aad caawa seexato
need-housing = guri
need-utilities = biilasha iyo adeegyada guriga
need-income = lacag iyo gargaar
need-employment = shaqo iyo tababar
need-health = daryeel caafimaad
need-mental_health = taageero caafimaadka maskaxda
need-substance_use = maandooriye iyo balwad
need-abuse_violence = ka badbaadid xadgudub ama rabshad
need-legal = caawimaad sharci
need-newcomers = adeegyada dadka cusub
need-seniors = adeegyada waayeelka
need-disability = taageerada dadka naafada ah
need-family_children = adeegyada qoyska iyo carruurta
need-transportation = gaadiid
need-material_goods = dhar iyo alaabta guriga
need-education = dugsi iyo waxbarasho
need-other = caawimaad kale

## Weekdays (for hours)

day-mon = Isn
day-tue = Tal
day-wed = Arb
day-thu = Kha
day-fri = Jim
day-sat = Sab
day-sun = Axd

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Salaan, magacaygu waa { $name }, waxaan ahay hagaha 211. Waan akhriyay wadahadalkaaga ilaa hadda. Sidee kuu caawin karaa?
navigator-canned-still-there = Weli ma joogtaa? Ha degdegin; waan joogaa marka aad diyaar tahay.
navigator-canned-closing = Waad ku mahadsan tahay inaad la soo xiriirtay 211. Haddii aad wax kale u baahato, mar kasta soo qor.
