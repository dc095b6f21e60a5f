# Frontdoor dialogue texts, Polish. Translated from en/main.ftl: same ids, same placeables.
# Polite impersonal register ("proszę + bezokolicznik") so the texts need no Pan/Pani.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = polski

## First contact

welcome = Witamy, tu 211: bezpłatnie i poufnie. Pomogę znaleźć jedzenie, mieszkanie, leczenie, pieniądze i inne usługi w pobliżu. Konsultant odpowiada { $hours }.
welcome-sms-stop = Aby nie otrzymywać wiadomości, proszę odpisać STOP.
hours-always = całą dobę, 7 dni w tygodniu
hours-range = { $days } od { $opens } do { $closes }
ask-need = W czym możemy dziś pomóc? Proszę napisać w kilku słowach.
capabilities = Mogę znaleźć usługi w pobliżu w tych sprawach: jedzenie, nocleg, mieszkanie, rachunki, pieniądze, praca, zdrowie, zdrowie psychiczne, uzależnienia, przemoc i bezpieczeństwo, pomoc prawna, nowo przybyli, seniorzy, niepełnosprawność, rodzina, transport, ubrania i szkoła. Proszę napisać, w czym pomóc, albo poprosić o rozmowę z konsultantem.

## Language

confirm-language = Rozpoznany język: { $language }. Czy kontynuujemy w tym języku?
language-yes = Tak
language-no = Nie, po angielsku (English)
language-switched = Dobrze, będę pisać w tym języku: { $language }.
language-unsupported = Nie mogę jeszcze pisać w tym języku. Poproszę konsultanta o pomoc z udziałem tłumacza.

## Need

clarify-need = Chcę się upewnić, że dobrze rozumiem. Co jest najbliższe?
clarify-other = Coś innego
not-understood = Przepraszam, nie rozumiem. Proszę napisać w kilku słowach, jakiej pomocy potrzeba, np. „jedzenie”, „czynsz” albo „lekarz”.
media-not-read = Przepraszam, mogę czytać tylko tekst, nie zdjęcia ani inne pliki. Proszę napisać słowami, czego potrzeba. W niebezpieczeństwie? Proszę dzwonić pod 911.
offer-navigator = Chyba nie rozumiem. Czy połączyć z konsultantem?
navigator-yes = Tak, z konsultantem
navigator-no = Nie, spróbuję jeszcze raz

## Location

ask-location = Gdzie szukać? Proszę podać kod pocztowy, miasto lub dzielnicę.
ask-location-web = Gdzie szukać? Proszę podać kod pocztowy, miasto lub dzielnicę albo użyć przycisku lokalizacji.
location-not-found = Nie udało się znaleźć tego miejsca w Ontario. Proszę spróbować kodu pocztowego (np. K1P 1J1) albo nazwy miejscowości.
location-set = Dziękuję, szukam w pobliżu { $place }.

## Referrals

referrals-intro = Oto usługi z kategorii „{ $need }” w pobliżu { $place }:
referrals-intro-anywhere = Oto usługi z kategorii „{ $need }”:
referral-open = teraz otwarte
referral-closed = teraz zamknięte
referral-distance = { $km } km
referrals-more-hint = Proszę odpisać numer, by zobaczyć szczegóły, WIĘCEJ, by zobaczyć inne opcje, albo napisać, czego jeszcze potrzeba.
referral-details = { $name } ({ $organization }). Telefon: { $phone }. Adres: { $address }. Godziny: { $hours }.
referral-unknown = brak danych
no-more-referrals = To wszystkie usługi, które udało się znaleźć. Konsultant może poszukać dalej: proszę odpisać KONSULTANT.
no-match = Przykro mi, nie udało się znaleźć usługi z kategorii „{ $need }” w pobliżu { $place }. Ta potrzeba została zapisana, aby infolinia o niej wiedziała. Czy połączyć z konsultantem?
anything-else = Czy mogę pomóc w czymś jeszcze?

## Follow-up and goodbye

follow-up-offer = Czy możemy odezwać się za { $days } dni, aby sprawdzić, czy udało się uzyskać pomoc?
follow-up-yes = Tak
follow-up-no = Nie, dziękuję
follow-up-scheduled = Dziękuję. Odezwiemy się za { $days } dni.
follow-up-declined = Dobrze, nie będziemy się kontaktować.
thanks-reply = Nie ma za co. Proszę o siebie dbać i pisać w każdej chwili.
goodbye = Proszę o siebie dbać. Można pisać w każdej chwili; linia 211 jest bezpłatna i poufna.

## Handoff

handoff-queued = Łączę z konsultantem. Miejsce w kolejce: { $position }; może to potrwać około { $minutes } min. Proszę tu zostać.
handoff-after-hours = Nasi konsultanci są dostępni { $hours }. Wtedy ktoś odpowie tutaj.
handoff-follow-up = Czy konsultant ma się odezwać, gdy będzie dostępny?
handoff-returned = Tu znowu asystent 211. W czym jeszcze mogę pomóc?

## Crisis (always available)

crisis = W razie zagrożenia proszę dzwonić pod 911. Przy myślach samobójczych proszę dzwonić lub pisać SMS pod 9-8-8, o każdej porze. { $lines } Łączę z konsultantem.
crisis-lines = Assaulted Women's Helpline (dla kobiet doznających przemocy): 1-866-863-0511. Kids Help Phone (dla dzieci i młodzieży): 1-800-668-6868.

## Need names

need-food = jedzenie
need-shelter = nocleg na dzisiejszą noc
need-housing = mieszkanie
need-utilities = rachunki i media
need-income = pieniądze i świadczenia
need-employment = praca i szkolenia
need-health = opieka zdrowotna
need-mental_health = wsparcie zdrowia psychicznego
need-substance_use = uzależnienia
need-abuse_violence = ochrona przed przemocą
need-legal = pomoc prawna
need-newcomers = pomoc dla nowo przybyłych
need-seniors = usługi dla seniorów
need-disability = wsparcie dla osób z niepełnosprawnością
need-family_children = rodzina i dzieci
need-transportation = transport
need-material_goods = ubrania i artykuły domowe
need-education = szkoła i nauka
need-other = inna pomoc

## Weekdays (for hours)

day-mon = pon.
day-tue = wt.
day-wed = śr.
day-thu = czw.
day-fri = pt.
day-sat = sob.
day-sun = niedz.

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Dzień dobry, nazywam się { $name } i jestem konsultantem 211. Przeczytałem/am dotychczasową rozmowę. Jak mogę pomóc?
navigator-canned-still-there = Czy nadal tu jesteś? Nie spiesz się, jestem tutaj, gdy będziesz gotowy/a.
navigator-canned-closing = Dziękujemy za kontakt z 211. Jeśli będziesz potrzebować czegoś jeszcze, napisz w dowolnej chwili.
