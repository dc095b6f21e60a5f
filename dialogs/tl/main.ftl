# Frontdoor dialogue texts, Tagalog (polite "po", "kayo/ninyo"). Translated from en/main.ftl: same
# ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = Tagalog

## First contact

welcome = Kumusta po, ito ang 211. Libre at kumpidensyal ito. Matutulungan ko kayong humanap ng pagkain, pabahay, kalusugan, pera at iba pang serbisyo malapit sa inyo. May tao ring makakausap ninyo { $hours }.
welcome-sms-stop = Mag-reply ng STOP para itigil ang mga mensahe.
hours-always = 24/7
hours-range = { $days } mula { $opens } hanggang { $closes }
ask-need = Ano po ang kailangan ninyo ngayon? Sabihin lang sa ilang salita.
capabilities = Makakahanap ako ng serbisyo malapit sa inyo para sa: pagkain, matutuluyan, pabahay, bayarin, pera, trabaho, kalusugan, kalusugang pangkaisipan, adiksyon, pang-aabuso at kaligtasan, tulong legal, mga bagong dating, mga nakatatanda, kapansanan, pamilya, transportasyon, damit at pag-aaral. Sabihin ninyo kung ano ang kailangan ninyo, o humiling na makausap ang isang tao.

## Language

confirm-language = Mukhang nagsusulat kayo sa { $language }. Ituloy po ba natin sa { $language }?
language-yes = Oo
language-no = Hindi, sa Ingles (English)
language-switched = Sige po, magsusulat ako sa { $language }.
language-unsupported = Hindi pa ako makasulat sa wika ninyo. Hihilingin ko sa isang tao na tulungan kayo, kasama ang isang interpreter.

## Need

clarify-need = Gusto kong masigurong naiintindihan ko kayo. Alin ang pinakamalapit?
clarify-other = Iba pa
not-understood = Pasensya na po, hindi ko naintindihan. Puwede po bang sabihin sa ilang salita kung ano ang kailangan ninyo, gaya ng "pagkain", "upa" o "doktor"?
media-not-read = Pasensya na po, text lang ang nababasa ko, hindi mga larawan o ibang file. Pakisulat po sa mga salita kung ano ang kailangan ninyo. Nasa panganib? Tumawag sa 911.
offer-navigator = Hindi ako sigurado kung naiintindihan ko kayo. Gusto po ba ninyong makausap ang isang tao?
navigator-yes = Oo, isang tao
navigator-no = Hindi, susubukan ko ulit

## Location

ask-location = Nasaan po kayo? Ipadala ang inyong postal code, lungsod o lugar.
ask-location-web = Nasaan po kayo? Ipadala ang inyong postal code, lungsod o lugar, o pindutin ang button ng lokasyon.
location-not-found = Hindi ko nahanap ang lugar na iyan sa Ontario. Subukan ang inyong postal code (gaya ng K1P 1J1) o ang inyong bayan.
location-set = Salamat, maghahanap ako malapit sa { $place }.

## Referrals

referrals-intro = Narito ang mga serbisyo para sa { $need } malapit sa { $place }:
referrals-intro-anywhere = Narito ang mga serbisyo para sa { $need }:
referral-open = bukas ngayon
referral-closed = sarado ngayon
referral-distance = { $km } km
referrals-more-hint = Mag-reply ng numero para sa detalye, DAGDAG para sa ibang opsyon, o sabihin kung ano pa ang kailangan ninyo.
referral-details = { $name } ({ $organization }). Telepono: { $phone }. Address: { $address }. Oras: { $hours }.
referral-unknown = hindi nakalista
no-more-referrals = Iyan na po ang lahat ng serbisyong nahanap ko. Matutulungan kayo ng isang tao na maghanap pa: mag-reply ng TAO.
no-match = Pasensya na po, wala akong nahanap na serbisyo para sa { $need } malapit sa { $place }. Itinala ko ang pangangailangang ito para malaman ng helpline. Gusto po ba ninyong makausap ang isang tao?
anything-else = May iba pa po ba akong maitutulong?

## Follow-up and goodbye

follow-up-offer = Puwede po ba namin kayong kumustahin pagkalipas ng { $days } araw para malaman kung natulungan kayo?
follow-up-yes = Oo
follow-up-no = Hindi, salamat
follow-up-scheduled = Salamat po. Kukumustahin namin kayo pagkalipas ng { $days } araw.
follow-up-declined = Sige po, hindi namin kayo kokontakin.
thanks-reply = Walang anuman po. Mag-ingat kayo, at sumulat lang ulit anumang oras.
goodbye = Mag-ingat po kayo. Puwede kayong sumulat ulit anumang oras; libre at kumpidensyal ang 211.

## Handoff

handoff-queued = Ikinokonekta ko na kayo sa isang tao. Kayo po ay numero { $position } sa pila; maaaring tumagal nang mga { $minutes } minuto. Manatili lang po rito.
handoff-after-hours = Nandito ang aming mga tauhan { $hours }. Sasagutin kayo ng isang tao rito sa oras na iyon.
handoff-follow-up = Gusto po ba ninyong kontakin kayo ng isang tauhan pagbalik nila?
handoff-returned = Bumalik na po kayo sa 211 assistant. Ano pa ang maitutulong ko?

## Crisis (always available)

crisis = Kung nasa panganib, tumawag sa 911. Kung naiisip ninyong magpakamatay, tumawag o mag-text sa 9-8-8 anumang oras. { $lines } Ikokonekta ko kayo sa isang tao.
crisis-lines = Assaulted Women's Helpline (para sa kababaihang inabuso): 1-866-863-0511. Kids Help Phone (para sa mga bata at kabataan): 1-800-668-6868.

## Need names

need-food = pagkain
need-shelter = matutuluyan ngayong gabi
need-housing = pabahay
need-utilities = bayarin sa kuryente, tubig at iba pa
need-income = pera at benepisyo
need-employment = trabaho at pagsasanay
need-health = pangangalagang pangkalusugan
need-mental_health = suporta sa kalusugang pangkaisipan
need-substance_use = adiksyon at paggamit ng droga
need-abuse_violence = kaligtasan mula sa pang-aabuso o karahasan
need-legal = tulong legal
need-newcomers = mga bagong dating
need-seniors = mga nakatatanda
need-disability = suporta sa may kapansanan
need-family_children = pamilya at mga bata
need-transportation = transportasyon
need-material_goods = damit at gamit sa bahay
need-education = paaralan at pag-aaral
need-other = ibang tulong

## Weekdays (for hours)

day-mon = Lun
day-tue = Mar
day-wed = Miy
day-thu = Huw
day-fri = Biy
day-sat = Sab
day-sun = Lin

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Kumusta, ako si { $name }, isang navigator ng 211. Nabasa ko na ang usapan natin. Paano kita matutulungan?
navigator-canned-still-there = Nandiyan ka pa ba? Huwag kang magmadali; nandito lang ako kapag handa ka na.
navigator-canned-closing = Salamat sa pakikipag-ugnayan sa 211. Kung may kailangan ka pa, sumulat ka lang anumang oras.
