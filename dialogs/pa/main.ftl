# Frontdoor dialogue texts, Punjabi (Gurmukhi; the assistant speaks as "ਅਸੀਂ" and addresses
# "ਤੁਸੀਂ"). Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = ਪੰਜਾਬੀ

## First contact

welcome = ਸਤ ਸ੍ਰੀ ਅਕਾਲ, ਇਹ 211 ਹੈ: ਮੁਫ਼ਤ ਅਤੇ ਗੁਪਤ। ਨੇੜੇ ਖਾਣਾ, ਰਿਹਾਇਸ਼, ਸਿਹਤ, ਪੈਸੇ ਅਤੇ ਹੋਰ ਸੇਵਾਵਾਂ ਲੱਭਣ ਵਿੱਚ ਮਦਦ ਕਰਦੇ ਹਾਂ। { $hours } ਵਿਅਕਤੀ ਨਾਲ ਵੀ ਗੱਲ ਹੋ ਸਕਦੀ ਹੈ।
welcome-sms-stop = ਸੁਨੇਹੇ ਬੰਦ ਕਰਨ ਲਈ STOP ਲਿਖ ਕੇ ਜਵਾਬ ਦਿਓ।
hours-always = 24 ਘੰਟੇ, ਹਫ਼ਤੇ ਦੇ ਸੱਤੇ ਦਿਨ
hours-range = { $days } { $opens } ਤੋਂ { $closes } ਤੱਕ
ask-need = ਅੱਜ ਤੁਹਾਨੂੰ ਕਿਸ ਚੀਜ਼ ਵਿੱਚ ਮਦਦ ਚਾਹੀਦੀ ਹੈ? ਕੁਝ ਸ਼ਬਦਾਂ ਵਿੱਚ ਦੱਸੋ।
capabilities = ਅਸੀਂ ਤੁਹਾਡੇ ਨੇੜੇ ਇਹਨਾਂ ਲਈ ਸੇਵਾਵਾਂ ਲੱਭ ਸਕਦੇ ਹਾਂ: ਖਾਣਾ, ਆਸਰਾ, ਰਿਹਾਇਸ਼, ਬਿੱਲ, ਪੈਸੇ, ਨੌਕਰੀ, ਸਿਹਤ, ਮਾਨਸਿਕ ਸਿਹਤ, ਨਸ਼ੇ ਦੀ ਆਦਤ, ਹਿੰਸਾ ਅਤੇ ਸੁਰੱਖਿਆ, ਕਾਨੂੰਨੀ ਮਦਦ, ਨਵੇਂ ਆਏ ਲੋਕ, ਬਜ਼ੁਰਗ, ਅਪਾਹਜਤਾ, ਪਰਿਵਾਰ, ਆਵਾਜਾਈ, ਕੱਪੜੇ ਅਤੇ ਪੜ੍ਹਾਈ। ਦੱਸੋ ਤੁਹਾਨੂੰ ਕੀ ਚਾਹੀਦਾ ਹੈ, ਜਾਂ ਕਿਸੇ ਵਿਅਕਤੀ ਨਾਲ ਗੱਲ ਕਰਨ ਲਈ ਕਹੋ।

## Language

confirm-language = ਲੱਗਦਾ ਹੈ ਤੁਹਾਡਾ ਸੁਨੇਹਾ { $language } ਵਿੱਚ ਹੈ। ਕੀ ਅਸੀਂ { $language } ਵਿੱਚ ਗੱਲ ਜਾਰੀ ਰੱਖੀਏ?
language-yes = ਹਾਂ
language-no = ਨਹੀਂ, ਅੰਗਰੇਜ਼ੀ ਵਿੱਚ (English)
language-switched = ਠੀਕ ਹੈ, ਹੁਣ ਅਸੀਂ { $language } ਵਿੱਚ ਲਿਖਾਂਗੇ।
language-unsupported = ਅਸੀਂ ਅਜੇ ਤੁਹਾਡੀ ਭਾਸ਼ਾ ਵਿੱਚ ਨਹੀਂ ਲਿਖ ਸਕਦੇ। ਅਸੀਂ ਇੱਕ ਸਲਾਹਕਾਰ ਨੂੰ ਕਹਿ ਰਹੇ ਹਾਂ ਕਿ ਉਹ ਦੁਭਾਸ਼ੀਏ ਨਾਲ ਤੁਹਾਡੀ ਮਦਦ ਕਰੇ।

## Need

clarify-need = ਅਸੀਂ ਪੱਕਾ ਕਰਨਾ ਚਾਹੁੰਦੇ ਹਾਂ ਕਿ ਗੱਲ ਸਹੀ ਸਮਝੀ ਹੈ। ਕਿਹੜਾ ਸਭ ਤੋਂ ਨੇੜੇ ਹੈ?
clarify-other = ਕੁਝ ਹੋਰ
not-understood = ਮਾਫ਼ ਕਰਨਾ, ਗੱਲ ਸਮਝ ਨਹੀਂ ਆਈ। ਕਿਰਪਾ ਕਰਕੇ ਕੁਝ ਸ਼ਬਦਾਂ ਵਿੱਚ ਦੱਸੋ ਕਿ ਤੁਹਾਨੂੰ ਕਿਸ ਚੀਜ਼ ਵਿੱਚ ਮਦਦ ਚਾਹੀਦੀ ਹੈ, ਜਿਵੇਂ "ਖਾਣਾ", "ਕਿਰਾਇਆ" ਜਾਂ "ਡਾਕਟਰ"।
media-not-read = ਮਾਫ਼ ਕਰਨਾ, ਮੈਂ ਸਿਰਫ਼ ਲਿਖਤ ਪੜ੍ਹ ਸਕਦਾ ਹਾਂ, ਤਸਵੀਰਾਂ ਜਾਂ ਹੋਰ ਫ਼ਾਈਲਾਂ ਨਹੀਂ। ਕਿਰਪਾ ਕਰਕੇ ਸ਼ਬਦਾਂ ਵਿੱਚ ਲਿਖੋ ਕਿ ਤੁਹਾਨੂੰ ਕੀ ਚਾਹੀਦਾ ਹੈ। ਖ਼ਤਰੇ ਵਿੱਚ ਹੋ? 911 'ਤੇ ਕਾਲ ਕਰੋ।
offer-navigator = ਸ਼ਾਇਦ ਗੱਲ ਪੂਰੀ ਤਰ੍ਹਾਂ ਸਮਝ ਨਹੀਂ ਆਈ। ਕੀ ਕਿਸੇ ਵਿਅਕਤੀ ਨਾਲ ਗੱਲ ਕਰਵਾਈਏ?
navigator-yes = ਹਾਂ, ਕਿਸੇ ਵਿਅਕਤੀ ਨਾਲ
navigator-no = ਨਹੀਂ, ਫਿਰ ਕੋਸ਼ਿਸ਼ ਕਰੀਏ

## Location

ask-location = ਤੁਸੀਂ ਕਿੱਥੇ ਹੋ? ਆਪਣਾ ਪੋਸਟਲ ਕੋਡ, ਸ਼ਹਿਰ ਜਾਂ ਇਲਾਕਾ ਭੇਜੋ।
ask-location-web = ਤੁਸੀਂ ਕਿੱਥੇ ਹੋ? ਆਪਣਾ ਪੋਸਟਲ ਕੋਡ, ਸ਼ਹਿਰ ਜਾਂ ਇਲਾਕਾ ਭੇਜੋ, ਜਾਂ ਲੋਕੇਸ਼ਨ ਬਟਨ ਵਰਤੋ।
location-not-found = ਸਾਨੂੰ ਓਨਟਾਰੀਓ ਵਿੱਚ ਇਹ ਥਾਂ ਨਹੀਂ ਮਿਲੀ। ਆਪਣਾ ਪੋਸਟਲ ਕੋਡ (ਜਿਵੇਂ K1P 1J1) ਜਾਂ ਆਪਣੇ ਸ਼ਹਿਰ ਦਾ ਨਾਂ ਲਿਖ ਕੇ ਦੇਖੋ।
location-set = ਧੰਨਵਾਦ, ਅਸੀਂ { $place } ਦੇ ਨੇੜੇ ਲੱਭ ਰਹੇ ਹਾਂ।

## Referrals

referrals-intro = { $place } ਦੇ ਨੇੜੇ ਇਹ ਸੇਵਾਵਾਂ ਮਿਲੀਆਂ ({ $need }):
referrals-intro-anywhere = ਇਹ ਸੇਵਾਵਾਂ ਮਿਲੀਆਂ ({ $need }):
referral-open = ਹੁਣ ਖੁੱਲ੍ਹਾ ਹੈ
referral-closed = ਹੁਣ ਬੰਦ ਹੈ
referral-distance = { $km } ਕਿ.ਮੀ.
referrals-more-hint = ਵੇਰਵੇ ਲਈ ਨੰਬਰ ਲਿਖੋ, ਹੋਰ ਵਿਕਲਪਾਂ ਲਈ "ਅੱਗੇ" ਲਿਖੋ, ਜਾਂ ਦੱਸੋ ਕਿ ਤੁਹਾਨੂੰ ਹੋਰ ਕੀ ਚਾਹੀਦਾ ਹੈ।
referral-details = { $name } ({ $organization })। ਫ਼ੋਨ: { $phone }। ਪਤਾ: { $address }। ਸਮਾਂ: { $hours }।
referral-unknown = ਦਰਜ ਨਹੀਂ
no-more-referrals = ਸਾਨੂੰ ਬੱਸ ਇਹੀ ਸੇਵਾਵਾਂ ਮਿਲੀਆਂ। ਕੋਈ ਵਿਅਕਤੀ ਤੁਹਾਡੇ ਨਾਲ ਹੋਰ ਲੱਭ ਸਕਦਾ ਹੈ: "ਵਿਅਕਤੀ" ਲਿਖ ਕੇ ਜਵਾਬ ਦਿਓ।
no-match = ਮਾਫ਼ ਕਰਨਾ, ਸਾਨੂੰ { $place } ਦੇ ਨੇੜੇ ਇਸ ਲੋੜ ਲਈ ਕੋਈ ਸੇਵਾ ਨਹੀਂ ਮਿਲੀ: { $need }। ਅਸੀਂ ਇਹ ਲੋੜ ਦਰਜ ਕਰ ਲਈ ਹੈ ਤਾਂ ਜੋ ਹੈਲਪਲਾਈਨ ਨੂੰ ਪਤਾ ਰਹੇ। ਕੀ ਕਿਸੇ ਵਿਅਕਤੀ ਨਾਲ ਗੱਲ ਕਰਵਾਈਏ?
anything-else = ਕੀ ਅਸੀਂ ਕਿਸੇ ਹੋਰ ਚੀਜ਼ ਵਿੱਚ ਤੁਹਾਡੀ ਮਦਦ ਕਰ ਸਕਦੇ ਹਾਂ?

## Follow-up and goodbye

follow-up-offer = ਕੀ ਅਸੀਂ { $days } ਦਿਨਾਂ ਬਾਅਦ ਤੁਹਾਡੇ ਨਾਲ ਸੰਪਰਕ ਕਰ ਸਕਦੇ ਹਾਂ, ਇਹ ਜਾਣਨ ਲਈ ਕਿ ਤੁਹਾਨੂੰ ਮਦਦ ਮਿਲੀ ਜਾਂ ਨਹੀਂ?
follow-up-yes = ਹਾਂ
follow-up-no = ਨਹੀਂ, ਧੰਨਵਾਦ
follow-up-scheduled = ਧੰਨਵਾਦ। ਅਸੀਂ { $days } ਦਿਨਾਂ ਬਾਅਦ ਤੁਹਾਡੇ ਨਾਲ ਸੰਪਰਕ ਕਰਾਂਗੇ।
follow-up-declined = ਠੀਕ ਹੈ, ਅਸੀਂ ਤੁਹਾਡੇ ਨਾਲ ਸੰਪਰਕ ਨਹੀਂ ਕਰਾਂਗੇ।
thanks-reply = ਕੋਈ ਗੱਲ ਨਹੀਂ। ਆਪਣਾ ਖ਼ਿਆਲ ਰੱਖੋ, ਅਤੇ ਜਦੋਂ ਚਾਹੋ ਦੁਬਾਰਾ ਲਿਖੋ।
goodbye = ਆਪਣਾ ਖ਼ਿਆਲ ਰੱਖੋ। ਜਦੋਂ ਚਾਹੋ ਦੁਬਾਰਾ ਲਿਖੋ; 211 ਮੁਫ਼ਤ ਅਤੇ ਗੁਪਤ ਹੈ।

## Handoff

handoff-queued = ਅਸੀਂ ਤੁਹਾਨੂੰ ਇੱਕ ਵਿਅਕਤੀ ਨਾਲ ਜੋੜ ਰਹੇ ਹਾਂ। ਕਤਾਰ ਵਿੱਚ ਤੁਹਾਡਾ ਨੰਬਰ { $position } ਹੈ; ਲਗਭਗ { $minutes } ਮਿੰਟ ਲੱਗ ਸਕਦੇ ਹਨ। ਕਿਰਪਾ ਕਰਕੇ ਇੱਥੇ ਹੀ ਰਹੋ।
handoff-after-hours = ਸਾਡੇ ਸਲਾਹਕਾਰ { $hours } ਉਪਲਬਧ ਹੁੰਦੇ ਹਨ। ਉਸ ਸਮੇਂ ਕੋਈ ਤੁਹਾਨੂੰ ਇੱਥੇ ਹੀ ਜਵਾਬ ਦੇਵੇਗਾ।
handoff-follow-up = ਸਲਾਹਕਾਰ ਵਾਪਸ ਆਉਣ ਤਾਂ ਕੀ ਉਹ ਤੁਹਾਡੇ ਨਾਲ ਸੰਪਰਕ ਕਰਨ?
handoff-returned = 211 ਸਹਾਇਕ ਫਿਰ ਤੁਹਾਡੇ ਨਾਲ ਹੈ। ਅਸੀਂ ਹੋਰ ਕਿਸ ਚੀਜ਼ ਵਿੱਚ ਮਦਦ ਕਰ ਸਕਦੇ ਹਾਂ?

## Crisis (always available)

crisis = ਜੇ ਖ਼ਤਰੇ ਵਿੱਚ ਹੋ, ਤਾਂ 911 'ਤੇ ਕਾਲ ਕਰੋ। ਖ਼ੁਦਕੁਸ਼ੀ ਦੇ ਖ਼ਿਆਲ ਆਉਣ ਤਾਂ ਕਦੇ ਵੀ 9-8-8 'ਤੇ ਕਾਲ ਜਾਂ ਮੈਸੇਜ ਕਰੋ। { $lines } ਤੁਹਾਨੂੰ ਹੁਣੇ ਇੱਕ ਵਿਅਕਤੀ ਨਾਲ ਜੋੜ ਰਹੇ ਹਾਂ।
crisis-lines = Assaulted Women's Helpline (ਹਿੰਸਾ ਝੱਲ ਰਹੀਆਂ ਔਰਤਾਂ ਲਈ): 1-866-863-0511। Kids Help Phone (ਬੱਚਿਆਂ ਅਤੇ ਨੌਜਵਾਨਾਂ ਲਈ): 1-800-668-6868।

## Need names

need-food = ਖਾਣਾ
need-shelter = ਅੱਜ ਰਾਤ ਰਹਿਣ ਦੀ ਥਾਂ
need-housing = ਰਿਹਾਇਸ਼
need-utilities = ਬਿੱਲ ਅਤੇ ਬਿਜਲੀ-ਪਾਣੀ
need-income = ਪੈਸੇ ਅਤੇ ਸਰਕਾਰੀ ਲਾਭ
need-employment = ਨੌਕਰੀ ਅਤੇ ਸਿਖਲਾਈ
need-health = ਸਿਹਤ ਸੰਭਾਲ
need-mental_health = ਮਾਨਸਿਕ ਸਿਹਤ ਸਹਾਇਤਾ
need-substance_use = ਨਸ਼ੇ ਦੀ ਆਦਤ
need-abuse_violence = ਹਿੰਸਾ ਜਾਂ ਬਦਸਲੂਕੀ ਤੋਂ ਸੁਰੱਖਿਆ
need-legal = ਕਾਨੂੰਨੀ ਮਦਦ
need-newcomers = ਨਵੇਂ ਆਏ ਲੋਕਾਂ ਲਈ ਸੇਵਾਵਾਂ
need-seniors = ਬਜ਼ੁਰਗਾਂ ਲਈ ਸੇਵਾਵਾਂ
need-disability = ਅਪਾਹਜਤਾ ਸਹਾਇਤਾ
need-family_children = ਪਰਿਵਾਰ ਅਤੇ ਬੱਚਿਆਂ ਲਈ ਸੇਵਾਵਾਂ
need-transportation = ਆਵਾਜਾਈ
need-material_goods = ਕੱਪੜੇ ਅਤੇ ਘਰੇਲੂ ਸਾਮਾਨ
need-education = ਸਕੂਲ ਅਤੇ ਪੜ੍ਹਾਈ
need-other = ਹੋਰ ਮਦਦ

## Weekdays (for hours)

day-mon = ਸੋਮ
day-tue = ਮੰਗਲ
day-wed = ਬੁੱਧ
day-thu = ਵੀਰ
day-fri = ਸ਼ੁੱਕਰ
day-sat = ਸ਼ਨਿੱਚਰ
day-sun = ਐਤ

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = ਸਤ ਸ੍ਰੀ ਅਕਾਲ, ਮੇਰਾ ਨਾਮ { $name } ਹੈ ਅਤੇ ਮੈਂ 211 ਦਾ ਮਾਰਗਦਰਸ਼ਕ ਹਾਂ। ਮੈਂ ਤੁਹਾਡੀ ਹੁਣ ਤੱਕ ਦੀ ਗੱਲਬਾਤ ਪੜ੍ਹ ਲਈ ਹੈ। ਮੈਂ ਤੁਹਾਡੀ ਕਿਵੇਂ ਮਦਦ ਕਰ ਸਕਦਾ/ਸਕਦੀ ਹਾਂ?
navigator-canned-still-there = ਕੀ ਤੁਸੀਂ ਅਜੇ ਵੀ ਇੱਥੇ ਹੋ? ਆਪਣਾ ਸਮਾਂ ਲਓ; ਜਦੋਂ ਤੁਸੀਂ ਤਿਆਰ ਹੋਵੋ ਮੈਂ ਇੱਥੇ ਹਾਂ।
navigator-canned-closing = 211 ਨਾਲ ਸੰਪਰਕ ਕਰਨ ਲਈ ਧੰਨਵਾਦ। ਜੇ ਤੁਹਾਨੂੰ ਹੋਰ ਕੁਝ ਚਾਹੀਦਾ ਹੈ, ਕਦੇ ਵੀ ਦੁਬਾਰਾ ਲਿਖੋ।
