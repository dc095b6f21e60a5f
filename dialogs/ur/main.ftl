# Frontdoor dialogue texts, Urdu (the assistant speaks as "ہم" and addresses "آپ"). Translated from
# en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = اردو

## First contact

welcome = السلام علیکم، یہ 211 ہے: مفت اور خفیہ۔ ہم قریب کھانا، رہائش، صحت، مالی مدد اور دیگر سروسز ڈھونڈنے میں مدد کرتے ہیں۔ { $hours } نمائندے سے بات ہو سکتی ہے۔
welcome-sms-stop = پیغامات بند کرنے کے لیے STOP لکھ کر جواب دیں۔
hours-always = 24 گھنٹے، ہفتے کے ساتوں دن
hours-range = { $days } { $opens } سے { $closes } تک
ask-need = آج آپ کو کس چیز میں مدد چاہیے؟ چند الفاظ میں بتائیں۔
capabilities = ہم آپ کے قریب ان کے لیے سروسز ڈھونڈ سکتے ہیں: کھانا، پناہ گاہ، رہائش، بل، پیسے، روزگار، صحت، ذہنی صحت، نشے کی لت، تشدد اور حفاظت، قانونی مدد، نئے آنے والے، بزرگ، معذوری، خاندان، آمد و رفت، کپڑے اور تعلیم۔ بتائیں آپ کو کیا چاہیے، یا کسی نمائندے سے بات کرنے کا کہیں۔

## Language

confirm-language = لگتا ہے آپ کا پیغام { $language } میں ہے۔ کیا ہم { $language } میں بات جاری رکھیں؟
language-yes = جی ہاں
language-no = نہیں، انگریزی میں (English)
language-switched = ٹھیک ہے، اب ہم { $language } میں لکھیں گے۔
language-unsupported = ہم ابھی آپ کی زبان میں نہیں لکھ سکتے۔ ہم ایک نمائندے سے کہہ رہے ہیں کہ وہ ترجمان کے ساتھ آپ کی مدد کرے۔

## Need

clarify-need = ہم یقین کرنا چاہتے ہیں کہ بات صحیح سمجھی ہے۔ کون سا سب سے قریب ہے؟
clarify-other = کچھ اور
not-understood = معذرت، بات سمجھ نہیں آئی۔ براہ کرم چند الفاظ میں بتائیں کہ آپ کو کس چیز میں مدد چاہیے، جیسے "کھانا"، "کرایہ" یا "ڈاکٹر"۔
media-not-read = معذرت، میں صرف تحریر پڑھ سکتا ہوں، تصویریں یا دوسری فائلیں نہیں۔ براہ کرم الفاظ میں لکھیں کہ آپ کو کیا چاہیے۔ خطرے میں ہیں؟ 911 پر کال کریں۔
offer-navigator = شاید بات پوری طرح سمجھ نہیں آئی۔ کیا کسی نمائندے سے بات کروائیں؟
navigator-yes = جی، نمائندے سے
navigator-no = نہیں، دوبارہ کوشش کریں

## Location

ask-location = آپ کہاں ہیں؟ اپنا پوسٹل کوڈ، شہر یا محلہ بھیجیں۔
ask-location-web = آپ کہاں ہیں؟ اپنا پوسٹل کوڈ، شہر یا محلہ بھیجیں، یا لوکیشن بٹن استعمال کریں۔
location-not-found = ہمیں اونٹاریو میں یہ جگہ نہیں ملی۔ اپنا پوسٹل کوڈ (جیسے K1P 1J1) یا اپنے قصبے کا نام لکھ کر دیکھیں۔
location-set = شکریہ، ہم { $place } کے قریب تلاش کر رہے ہیں۔

## Referrals

referrals-intro = { $place } کے قریب یہ سروسز ملی ہیں ({ $need }):
referrals-intro-anywhere = یہ سروسز ملی ہیں ({ $need }):
referral-open = ابھی کھلا ہے
referral-closed = ابھی بند ہے
referral-distance = { $km } کلومیٹر
referrals-more-hint = تفصیل کے لیے نمبر لکھیں، دوسرے اختیارات کے لیے "مزید" لکھیں، یا بتائیں آپ کو اور کیا چاہیے۔
referral-details = { $name } ({ $organization })۔ فون: { $phone }۔ پتہ: { $address }۔ اوقات: { $hours }۔
referral-unknown = درج نہیں
no-more-referrals = ہمیں یہی سروسز ملیں۔ ایک نمائندہ آپ کے ساتھ مزید تلاش کر سکتا ہے: "نمائندہ" لکھ کر جواب دیں۔
no-match = معذرت، ہمیں { $place } کے قریب اس ضرورت کے لیے کوئی سروس نہیں ملی: { $need }۔ ہم نے یہ ضرورت نوٹ کر لی ہے تاکہ ہیلپ لائن کو معلوم ہو۔ کیا کسی نمائندے سے بات کروائیں؟
anything-else = کیا ہم کسی اور چیز میں آپ کی مدد کر سکتے ہیں؟

## Follow-up and goodbye

follow-up-offer = کیا ہم { $days } دن بعد آپ سے رابطہ کر سکتے ہیں، یہ جاننے کے لیے کہ آپ کو مدد ملی یا نہیں؟
follow-up-yes = جی ہاں
follow-up-no = نہیں، شکریہ
follow-up-scheduled = شکریہ۔ ہم { $days } دن بعد آپ سے رابطہ کریں گے۔
follow-up-declined = ٹھیک ہے، ہم آپ سے رابطہ نہیں کریں گے۔
thanks-reply = کوئی بات نہیں۔ اپنا خیال رکھیں، اور جب چاہیں دوبارہ لکھیں۔
goodbye = اپنا خیال رکھیں۔ جب چاہیں دوبارہ لکھیں؛ 211 مفت اور رازدارانہ ہے۔

## Handoff

handoff-queued = ہم آپ کو ایک نمائندے سے ملا رہے ہیں۔ قطار میں آپ کا نمبر { $position } ہے؛ تقریباً { $minutes } منٹ لگ سکتے ہیں۔ براہ کرم یہیں رہیں۔
handoff-after-hours = ہمارے نمائندے { $hours } دستیاب ہوتے ہیں۔ اس وقت کوئی آپ کو یہیں جواب دے گا۔
handoff-follow-up = نمائندے واپس آئیں تو کیا وہ آپ سے رابطہ کریں؟
handoff-returned = 211 اسسٹنٹ دوبارہ حاضر ہے۔ ہم اور کس چیز میں مدد کر سکتے ہیں؟

## Crisis (always available)

crisis = اگر آپ خطرے میں ہیں تو 911 پر کال کریں۔ خودکشی کے خیالات آئیں تو کسی بھی وقت 9-8-8 پر کال یا میسج کریں۔ { $lines } ہم آپ کو ابھی نمائندے سے ملا رہے ہیں۔
crisis-lines = Assaulted Women's Helpline (تشدد کی شکار خواتین کے لیے): 1-866-863-0511۔ Kids Help Phone (بچوں اور نوجوانوں کے لیے): 1-800-668-6868۔

## Need names

need-food = کھانا
need-shelter = آج رات رہنے کی جگہ
need-housing = رہائش
need-utilities = بل اور یوٹیلیٹیز
need-income = پیسے اور سرکاری امداد
need-employment = روزگار اور تربیت
need-health = صحت کی دیکھ بھال
need-mental_health = ذہنی صحت میں مدد
need-substance_use = نشے کی لت
need-abuse_violence = تشدد یا بدسلوکی سے حفاظت
need-legal = قانونی مدد
need-newcomers = نئے آنے والوں کے لیے خدمات
need-seniors = بزرگوں کے لیے خدمات
need-disability = معذوری میں مدد
need-family_children = خاندان اور بچوں کے لیے خدمات
need-transportation = آمد و رفت
need-material_goods = کپڑے اور گھریلو سامان
need-education = اسکول اور تعلیم
need-other = دیگر مدد

## Weekdays (for hours)

day-mon = پیر
day-tue = منگل
day-wed = بدھ
day-thu = جمعرات
day-fri = جمعہ
day-sat = ہفتہ
day-sun = اتوار

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = السلام علیکم، میرا نام { $name } ہے اور میں 211 کا رہنما ہوں۔ میں نے اب تک آپ کی گفتگو پڑھ لی ہے۔ میں آپ کی کیسے مدد کر سکتا/سکتی ہوں؟
navigator-canned-still-there = کیا آپ ابھی بھی موجود ہیں؟ جلدی نہیں، جب آپ تیار ہوں میں یہیں ہوں۔
navigator-canned-closing = 211 سے رابطہ کرنے کا شکریہ۔ اگر آپ کو کچھ اور چاہیے تو کسی بھی وقت دوبارہ لکھیں۔
