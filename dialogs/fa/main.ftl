# Frontdoor dialogue texts, Persian (Farsi). Translated from en/main.ftl: same ids, same placeables.
# Persian spelling uses the zero-width non-joiner (U+200C) inside words such as "می‌توانم".
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = فارسی

## First contact

welcome = سلام، اینجا 211 است؛ رایگان و محرمانه. در یافتن غذا، مسکن، درمان، کمک مالی و دیگر خدمات نزدیک شما کمکتان می‌کنم. { $hours } با مشاور می‌توانید صحبت کنید.
welcome-sms-stop = برای قطع پیام‌ها STOP بفرستید.
hours-always = شبانه‌روزی و همه روزهای هفته
hours-range = { $days } از { $opens } تا { $closes }
ask-need = امروز برای چه چیزی کمک لازم دارید؟ در چند کلمه بنویسید.
capabilities = می‌توانم خدمات نزدیک شما را در این زمینه‌ها پیدا کنم: غذا، سرپناه، مسکن، قبض‌ها، پول، کار، سلامت، سلامت روان، اعتیاد، خشونت و امنیت، کمک حقوقی، تازه‌واردان، سالمندان، معلولیت، خانواده، حمل‌ونقل، پوشاک و تحصیل. بنویسید چه نیازی دارید، یا بخواهید با یک مشاور صحبت کنید.

## Language

confirm-language = به نظر می‌رسد به { $language } می‌نویسید. به { $language } ادامه بدهیم؟
language-yes = بله
language-no = نه، انگلیسی (English)
language-switched = بسیار خب، از این به بعد به { $language } می‌نویسم.
language-unsupported = هنوز نمی‌توانم به زبان شما بنویسم. از یک مشاور می‌خواهم با کمک مترجم به شما کمک کند.

## Need

clarify-need = می‌خواهم مطمئن شوم درست متوجه شده‌ام. کدام گزینه نزدیک‌تر است؟
clarify-other = چیز دیگری
not-understood = ببخشید، متوجه نشدم. لطفاً در چند کلمه بنویسید برای چه چیزی کمک لازم دارید، مثلاً «غذا»، «اجاره» یا «دکتر».
media-not-read = ببخشید، من فقط می‌توانم متن را بخوانم، نه عکس یا فایل‌های دیگر. لطفاً با کلمات بنویسید چه چیزی لازم دارید. در خطر هستید؟ با 911 تماس بگیرید.
offer-navigator = مطمئن نیستم درست متوجه شده باشم. می‌خواهید با یک مشاور صحبت کنید؟
navigator-yes = بله، با یک مشاور
navigator-no = نه، دوباره امتحان می‌کنم

## Location

ask-location = کجا هستید؟ کد پستی، شهر یا محله‌تان را بفرستید.
ask-location-web = کجا هستید؟ کد پستی، شهر یا محله‌تان را بفرستید، یا از دکمه موقعیت مکانی استفاده کنید.
location-not-found = این مکان را در انتاریو پیدا نکردم. کد پستی (مثلاً K1P 1J1) یا نام شهرتان را امتحان کنید.
location-set = متشکرم، در نزدیکی { $place } جستجو می‌کنم.

## Referrals

referrals-intro = این‌ها خدمات مربوط به { $need } در نزدیکی { $place } است:
referrals-intro-anywhere = این‌ها خدمات مربوط به { $need } است:
referral-open = الان باز است
referral-closed = الان بسته است
referral-distance = { $km } کیلومتر
referrals-more-hint = برای جزئیات یک شماره بفرستید، برای گزینه‌های دیگر «بیشتر»، یا بنویسید چه چیز دیگری لازم دارید.
referral-details = { $name } ({ $organization }). تلفن: { $phone }. نشانی: { $address }. ساعت کار: { $hours }.
referral-unknown = ذکر نشده
no-more-referrals = این همه خدماتی بود که پیدا کردم. یک مشاور می‌تواند همراه شما بیشتر جستجو کند: «مشاور» را بفرستید.
no-match = متأسفم، خدماتی برای { $need } در نزدیکی { $place } پیدا نکردم. این نیاز را ثبت کردم تا خط کمک از آن باخبر شود. می‌خواهید با یک مشاور صحبت کنید؟
anything-else = کار دیگری هست که بتوانم برایتان انجام دهم؟

## Follow-up and goodbye

follow-up-offer = اجازه می‌دهید { $days } روز دیگر با شما تماس بگیریم تا ببینیم کمک گرفته‌اید یا نه؟
follow-up-yes = بله
follow-up-no = نه، ممنون
follow-up-scheduled = متشکریم. { $days } روز دیگر با شما تماس می‌گیریم.
follow-up-declined = باشد، با شما تماس نمی‌گیریم.
thanks-reply = خواهش می‌کنم. مراقب خودتان باشید و هر وقت خواستید دوباره بنویسید.
goodbye = مراقب خودتان باشید. هر وقت خواستید دوباره بنویسید؛ 211 رایگان و محرمانه است.

## Handoff

handoff-queued = دارم شما را به یک مشاور وصل می‌کنم. نفر { $position } در صف هستید؛ ممکن است حدود { $minutes } دقیقه طول بکشد. لطفاً همین‌جا بمانید.
handoff-after-hours = مشاوران ما { $hours } در دسترس هستند. در آن زمان کسی همین‌جا به شما پاسخ می‌دهد.
handoff-follow-up = می‌خواهید وقتی مشاوران برگشتند با شما تماس بگیرند؟
handoff-returned = دوباره با دستیار 211 هستید. دیگر چه کمکی از دستم برمی‌آید؟

## Crisis (always available)

crisis = اگر در خطر هستید، با 911 تماس بگیرید. اگر به خودکشی فکر می‌کنید، هر ساعتی به 9-8-8 زنگ بزنید یا پیامک بدهید. { $lines } دارم شما را به یک مشاور وصل می‌کنم.
crisis-lines = Assaulted Women's Helpline (خط کمک زنان آسیب‌دیده از خشونت): 1-866-863-0511. Kids Help Phone (برای کودکان و نوجوانان): 1-800-668-6868.

## Need names

need-food = غذا
need-shelter = جایی برای ماندن امشب
need-housing = مسکن
need-utilities = قبض‌ها و هزینه‌های خانه
need-income = پول و مزایا
need-employment = کار و آموزش شغلی
need-health = خدمات درمانی
need-mental_health = حمایت سلامت روان
need-substance_use = اعتیاد و مصرف مواد
need-abuse_violence = امنیت در برابر آزار یا خشونت
need-legal = کمک حقوقی
need-newcomers = تازه‌واردان
need-seniors = سالمندان
need-disability = حمایت از افراد دارای معلولیت
need-family_children = خانواده و کودکان
need-transportation = حمل‌ونقل
need-material_goods = پوشاک و وسایل خانه
need-education = مدرسه و آموزش
need-other = کمک‌های دیگر

## Weekdays (for hours)

day-mon = دوشنبه
day-tue = سه‌شنبه
day-wed = چهارشنبه
day-thu = پنجشنبه
day-fri = جمعه
day-sat = شنبه
day-sun = یکشنبه

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = سلام، من { $name } هستم، راهنمای 211. گفتگوی شما را تا اینجا خواندم. چطور می‌توانم کمکتان کنم؟
navigator-canned-still-there = هنوز آنجا هستید؟ عجله نکنید؛ هر وقت آماده بودید من اینجا هستم.
navigator-canned-closing = از اینکه با 211 تماس گرفتید متشکریم. اگر چیز دیگری لازم داشتید، هر وقت خواستید دوباره بنویسید.
