# Frontdoor dialogue texts, Russian. Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = русский

## First contact

welcome = Здравствуйте, это 211: бесплатно и конфиденциально. Помогу найти рядом еду, жильё, медпомощь, деньги и другие услуги. Специалист на связи { $hours }.
welcome-sms-stop = Ответьте STOP, чтобы отписаться от сообщений.
hours-always = круглосуточно
hours-range = { $days } с { $opens } до { $closes }
ask-need = С чем вам нужна помощь сегодня? Напишите в нескольких словах.
capabilities = Я могу найти услуги рядом с вами: еда, ночлег, жильё, счета, деньги, работа, здоровье, психическое здоровье, зависимости, насилие и безопасность, юридическая помощь, новоприбывшие, пожилые люди, инвалидность, семьи, транспорт, одежда и учёба. Напишите, что вам нужно, или попросите связать вас со специалистом.

## Language

confirm-language = Похоже, ваш язык — { $language }. Продолжим на этом языке?
language-yes = Да
language-no = Нет, на английском (English)
language-switched = Хорошо, дальше пишу на этом языке: { $language }.
language-unsupported = Я пока не могу писать на вашем языке. Я прошу специалиста помочь вам с переводчиком.

## Need

clarify-need = Хочу убедиться, что правильно вас понимаю. Что ближе всего?
clarify-other = Другое
not-understood = Извините, я вас не понимаю. Напишите в нескольких словах, с чем нужна помощь, например «еда», «аренда» или «врач».
media-not-read = Извините, я могу читать только текст, а не фото или другие файлы. Напишите словами, что вам нужно. В опасности? Звоните 911.
offer-navigator = Кажется, я вас не понимаю. Хотите поговорить со специалистом?
navigator-yes = Да, со специалистом
navigator-no = Нет, попробую ещё раз

## Location

ask-location = Где вы находитесь? Отправьте почтовый индекс, город или район.
ask-location-web = Где вы находитесь? Отправьте почтовый индекс, город или район или нажмите кнопку геолокации.
location-not-found = Не удалось найти это место в Онтарио. Попробуйте почтовый индекс (например, K1P 1J1) или название города.
location-set = Спасибо, ищу в районе { $place }.

## Referrals

referrals-intro = Вот службы по теме «{ $need }» в районе { $place }:
referrals-intro-anywhere = Вот службы по теме «{ $need }»:
referral-open = сейчас открыто
referral-closed = сейчас закрыто
referral-distance = { $km } км
referrals-more-hint = Ответьте номером, чтобы узнать подробности, ЕЩЁ — чтобы увидеть другие варианты, или напишите, что ещё вам нужно.
referral-details = { $name } ({ $organization }). Телефон: { $phone }. Адрес: { $address }. Часы: { $hours }.
referral-unknown = не указано
no-more-referrals = Это все найденные службы. Специалист может продолжить поиск вместе с вами: ответьте СПЕЦИАЛИСТ.
no-match = К сожалению, не удалось найти службу по теме «{ $need }» в районе { $place }. Мы отметили эту потребность, чтобы служба помощи о ней знала. Хотите поговорить со специалистом?
anything-else = Могу ли я помочь вам чем-то ещё?

## Follow-up and goodbye

follow-up-offer = Можно связаться с вами через { $days } дн., чтобы узнать, получили ли вы помощь?
follow-up-yes = Да
follow-up-no = Нет, спасибо
follow-up-scheduled = Спасибо. Мы свяжемся с вами через { $days } дн.
follow-up-declined = Хорошо, мы не будем с вами связываться.
thanks-reply = Пожалуйста. Берегите себя и пишите в любое время.
goodbye = Берегите себя. Пишите в любое время; 211 — это бесплатно и конфиденциально.

## Handoff

handoff-queued = Соединяю вас со специалистом. Ваш номер в очереди: { $position }; ожидание около { $minutes } мин. Пожалуйста, оставайтесь здесь.
handoff-after-hours = Наши специалисты работают { $hours }. Тогда вам ответят здесь.
handoff-follow-up = Хотите, чтобы специалист связался с вами, когда вернётся?
handoff-returned = Вы снова общаетесь с помощником 211. Чем ещё могу помочь?

## Crisis (always available)

crisis = Если вы в опасности, звоните 911. Если думаете о самоубийстве, звоните или пишите на 9-8-8 в любое время. { $lines } Соединяю вас со специалистом.
crisis-lines = Assaulted Women's Helpline (помощь женщинам, пострадавшим от насилия): 1-866-863-0511. Kids Help Phone (для детей и подростков): 1-800-668-6868.

## Need names

need-food = еда
need-shelter = ночлег на сегодня
need-housing = жильё
need-utilities = счета и коммунальные услуги
need-income = деньги и пособия
need-employment = работа и обучение
need-health = медицинская помощь
need-mental_health = психологическая поддержка
need-substance_use = зависимости
need-abuse_violence = защита от насилия
need-legal = юридическая помощь
need-newcomers = помощь новоприбывшим
need-seniors = услуги для пожилых
need-disability = поддержка людей с инвалидностью
need-family_children = семья и дети
need-transportation = транспорт
need-material_goods = одежда и вещи для дома
need-education = учёба и образование
need-other = другая помощь

## Weekdays (for hours)

day-mon = пн
day-tue = вт
day-wed = ср
day-thu = чт
day-fri = пт
day-sat = сб
day-sun = вс

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Здравствуйте, меня зовут { $name }, я консультант 211. Я прочитал(а) вашу переписку. Чем могу помочь?
navigator-canned-still-there = Вы ещё здесь? Не торопитесь, я здесь, когда будете готовы.
navigator-canned-closing = Спасибо, что обратились в 211. Если понадобится что-то ещё, пишите в любое время.
