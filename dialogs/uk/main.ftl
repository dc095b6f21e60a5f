# Frontdoor dialogue texts, Ukrainian. Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = українська

## First contact

welcome = Вітаємо, це 211: безкоштовно і конфіденційно. Допоможу знайти поруч їжу, житло, медичну й фінансову допомогу та інше. Фахівець на зв'язку { $hours }.
welcome-sms-stop = Надішліть STOP, щоб більше не отримувати повідомлень.
hours-always = цілодобово
hours-range = { $days } з { $opens } до { $closes }
ask-need = З чим вам потрібна допомога сьогодні? Напишіть кількома словами.
capabilities = Я можу знайти послуги поруч з вами: їжа, нічліг, житло, рахунки, гроші, робота, здоров'я, психічне здоров'я, залежності, насильство і безпека, юридична допомога, новоприбулі, люди похилого віку, інвалідність, сім'ї, транспорт, одяг і навчання. Напишіть, що вам потрібно, або попросіть з'єднати вас із фахівцем.

## Language

confirm-language = Схоже, ваша мова — { $language }. Продовжимо цією мовою?
language-yes = Так
language-no = Ні, англійською (English)
language-switched = Добре, далі пишу цією мовою: { $language }.
language-unsupported = Я поки не можу писати вашою мовою. Прошу фахівця допомогти вам із перекладачем.

## Need

clarify-need = Хочу переконатися, що правильно вас розумію. Що найближче?
clarify-other = Інше
not-understood = Вибачте, я вас не розумію. Напишіть кількома словами, з чим потрібна допомога, наприклад «їжа», «оренда» або «лікар».
media-not-read = Вибачте, я можу читати лише текст, а не фото чи інші файли. Напишіть словами, що вам потрібно. У небезпеці? Телефонуйте 911.
offer-navigator = Здається, я вас не розумію. Хочете поговорити з фахівцем?
navigator-yes = Так, з фахівцем
navigator-no = Ні, спробую ще раз

## Location

ask-location = Де ви перебуваєте? Надішліть поштовий індекс, місто або район.
ask-location-web = Де ви перебуваєте? Надішліть поштовий індекс, місто або район чи натисніть кнопку геолокації.
location-not-found = Не вдалося знайти це місце в Онтаріо. Спробуйте поштовий індекс (наприклад, K1P 1J1) або назву міста.
location-set = Дякую, шукаю в районі { $place }.

## Referrals

referrals-intro = Ось служби за темою «{ $need }» у районі { $place }:
referrals-intro-anywhere = Ось служби за темою «{ $need }»:
referral-open = зараз відчинено
referral-closed = зараз зачинено
referral-distance = { $km } км
referrals-more-hint = Відповідайте номером, щоб дізнатися більше, ЩЕ — щоб побачити інші варіанти, або напишіть, що ще вам потрібно.
referral-details = { $name } ({ $organization }). Телефон: { $phone }. Адреса: { $address }. Час: { $hours }.
referral-unknown = не вказано
no-more-referrals = Це всі служби, які вдалося знайти. Фахівець може продовжити пошук разом з вами: відповідайте ФАХІВЕЦЬ.
no-match = На жаль, не вдалося знайти службу за темою «{ $need }» у районі { $place }. Ми зазначили цю потребу, щоб служба допомоги про неї знала. Хочете поговорити з фахівцем?
anything-else = Чим ще я можу вам допомогти?

## Follow-up and goodbye

follow-up-offer = Чи можемо ми зв'язатися з вами через { $days } дн., щоб дізнатися, чи отримали ви допомогу?
follow-up-yes = Так
follow-up-no = Ні, дякую
follow-up-scheduled = Дякуємо. Ми зв'яжемося з вами через { $days } дн.
follow-up-declined = Добре, ми не будемо з вами зв'язуватися.
thanks-reply = Будь ласка. Бережіть себе і пишіть будь-коли.
goodbye = Бережіть себе. Пишіть будь-коли; 211 — це безкоштовно і конфіденційно.

## Handoff

handoff-queued = З'єдную вас із фахівцем. Ваш номер у черзі: { $position }; очікування близько { $minutes } хв. Будь ласка, залишайтеся тут.
handoff-after-hours = Наші фахівці працюють { $hours }. Тоді вам дадуть відповідь тут.
handoff-follow-up = Хочете, щоб фахівець зв'язався з вами, коли повернеться?
handoff-returned = Ви знову спілкуєтеся з помічником 211. Чим ще можу допомогти?

## Crisis (always available)

crisis = Якщо ви в небезпеці, телефонуйте 911. Якщо думаєте про самогубство, телефонуйте або пишіть на 9-8-8 будь-коли. { $lines } З'єдную вас із фахівцем.
crisis-lines = Assaulted Women's Helpline (допомога жінкам, що постраждали від насильства): 1-866-863-0511. Kids Help Phone (для дітей і підлітків): 1-800-668-6868.

## Need names

need-food = їжа
need-shelter = нічліг на сьогодні
need-housing = житло
need-utilities = рахунки й комунальні послуги
need-income = гроші та виплати
need-employment = робота й навчання
need-health = медична допомога
need-mental_health = психологічна підтримка
need-substance_use = залежності
need-abuse_violence = захист від насильства
need-legal = юридична допомога
need-newcomers = допомога новоприбулим
need-seniors = послуги для літніх людей
need-disability = підтримка людей з інвалідністю
need-family_children = сім'я і діти
need-transportation = транспорт
need-material_goods = одяг і речі для дому
need-education = школа й навчання
need-other = інша допомога

## Weekdays (for hours)

day-mon = пн
day-tue = вт
day-wed = ср
day-thu = чт
day-fri = пт
day-sat = сб
day-sun = нд

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Вітаю, мене звати { $name }, я консультант 211. Я прочитав(ла) вашу розмову. Чим можу допомогти?
navigator-canned-still-there = Ви ще тут? Не поспішайте, я тут, коли будете готові.
navigator-canned-closing = Дякуємо, що звернулися до 211. Якщо вам знадобиться ще щось, пишіть будь-коли.
