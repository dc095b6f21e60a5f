# Frontdoor dialogue texts, Arabic (Modern Standard; worded to avoid gendered "you" forms).
# Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = العربية

## First contact

welcome = مرحبًا، معك 211، خدمة مجانية وسرية. أساعدك في إيجاد الطعام والسكن والرعاية الصحية والمال وخدمات أخرى قريبة منك. يمكنك التحدث مع موظف { $hours }.
welcome-sms-stop = للتوقف عن تلقي الرسائل، يُرجى الرد بكلمة STOP.
hours-always = على مدار الساعة طوال الأسبوع
hours-range = { $days } من { $opens } إلى { $closes }
ask-need = بماذا يمكننا مساعدتك اليوم؟ يُرجى الكتابة ببضع كلمات.
capabilities = يمكنني إيجاد خدمات قريبة منك في: الطعام، والمأوى، والسكن، والفواتير، والمال، والعمل، والصحة، والصحة النفسية، والإدمان، والحماية من العنف، والمساعدة القانونية، والقادمين الجدد، وكبار السن، والإعاقة، والأسرة، والمواصلات، والملابس، والتعليم. يُرجى كتابة حاجتك، أو طلب التحدث مع موظف.

## Language

confirm-language = يبدو أن رسالتك باللغة { $language }. هل نكمل باللغة { $language }؟
language-yes = نعم
language-no = لا، بالإنجليزية (English)
language-switched = حسنًا، سأكتب باللغة { $language }.
language-unsupported = لا أستطيع الكتابة بلغتك بعد. سأطلب من موظف مساعدتك بواسطة مترجم.

## Need

clarify-need = أريد التأكد من أنني فهمت جيدًا. أيّ من هذه هو الأقرب؟
clarify-other = شيء آخر
not-understood = عذرًا، لم أفهم. هل يمكن كتابة حاجتك ببضع كلمات، مثل «طعام» أو «إيجار» أو «طبيب»؟
media-not-read = عذرًا، أستطيع قراءة النصوص فقط، لا الصور أو الملفات الأخرى. من فضلك اكتب بالكلمات ما تحتاج إليه. في خطر؟ اتصل بـ 911.
offer-navigator = يبدو أنني لم أفهم جيدًا. هل يناسبك التحدث مع موظف؟
navigator-yes = نعم، مع موظف
navigator-no = لا، سأحاول مرة أخرى

## Location

ask-location = أين أنت؟ يُرجى إرسال الرمز البريدي أو اسم المدينة أو الحي.
ask-location-web = أين أنت؟ يُرجى إرسال الرمز البريدي أو اسم المدينة أو الحي، أو استخدام زر الموقع.
location-not-found = لم أجد هذا المكان في أونتاريو. يُرجى تجربة الرمز البريدي (مثل K1P 1J1) أو اسم البلدة.
location-set = شكرًا، سأبحث بالقرب من { $place }.

## Referrals

referrals-intro = إليك خدمات { $need } بالقرب من { $place }:
referrals-intro-anywhere = إليك خدمات { $need }:
referral-open = مفتوح الآن
referral-closed = مغلق الآن
referral-distance = { $km } كم
referrals-more-hint = للتفاصيل يُرجى الرد برقم، ولخيارات أخرى الرد بكلمة «المزيد»، أو كتابة أي حاجة أخرى.
referral-details = { $name } ({ $organization }). الهاتف: { $phone }. عنوان: { $address }. الدوام: { $hours }.
referral-unknown = غير مذكور
no-more-referrals = هذه كل الخدمات التي وجدتها. يمكن لموظف أن يبحث معك أكثر: يُرجى الرد بكلمة «موظف».
no-match = عذرًا، لم أجد خدمات { $need } بالقرب من { $place }. سجّلتُ هذه الحاجة ليعلم بها خط المساعدة. هل يناسبك التحدث مع موظف؟
anything-else = هل هناك شيء آخر يمكنني مساعدتك فيه؟

## Follow-up and goodbye

follow-up-offer = هل يمكننا التواصل معك بعد { $days } أيام للاطمئنان على حصولك على المساعدة؟
follow-up-yes = نعم
follow-up-no = لا، شكرًا
follow-up-scheduled = شكرًا لك. سنتواصل معك بعد { $days } أيام.
follow-up-declined = حسنًا، لن نتواصل معك.
thanks-reply = على الرحب والسعة. نتمنى لك السلامة، ويمكنك الكتابة مجددًا في أي وقت.
goodbye = نتمنى لك السلامة. يمكنك الكتابة مجددًا في أي وقت؛ خدمة 211 مجانية وسرية.

## Handoff

handoff-queued = جارٍ توصيلك بموظف. ترتيبك في الانتظار: { $position }؛ قد يستغرق ذلك نحو { $minutes } دقيقة. يُرجى البقاء هنا.
handoff-after-hours = موظفونا متاحون { $hours }. سيردّ عليك أحدهم هنا حينها.
handoff-follow-up = هل يناسبك أن يتواصل معك أحد الموظفين عند عودتهم؟
handoff-returned = لقد عدت إلى مساعد 211. بماذا يمكنني مساعدتك أيضًا؟

## Crisis (always available)

crisis = في حالة الخطر الآن، يُرجى الاتصال بـ 911. إذا راودتك أفكار انتحارية، يمكنك الاتصال أو المراسلة على 9-8-8 في أي وقت. { $lines } جارٍ توصيلك بموظف الآن.
crisis-lines = Assaulted Women's Helpline (خط مساعدة النساء المعنّفات): 1-866-863-0511. Kids Help Phone (خط مساعدة الأطفال والشباب): 1-800-668-6868.

## Need names

need-food = الطعام
need-shelter = المبيت الليلة
need-housing = السكن
need-utilities = الفواتير والمرافق
need-income = الدعم المالي والإعانات
need-employment = العمل والتدريب
need-health = الرعاية الصحية
need-mental_health = الصحة النفسية
need-substance_use = الإدمان وتعاطي المواد
need-abuse_violence = الحماية من الإساءة أو العنف
need-legal = المساعدة القانونية
need-newcomers = القادمين الجدد
need-seniors = كبار السن
need-disability = ذوي الإعاقة
need-family_children = الأسرة والأطفال
need-transportation = المواصلات
need-material_goods = الملابس والأدوات المنزلية
need-education = المدرسة والتعلّم
need-other = مساعدة أخرى

## Weekdays (for hours)

day-mon = الاثنين
day-tue = الثلاثاء
day-wed = الأربعاء
day-thu = الخميس
day-fri = الجمعة
day-sat = السبت
day-sun = الأحد

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = مرحبًا، اسمي { $name } وأنا مرشد في 211. قرأت محادثتك حتى الآن. كيف يمكنني مساعدتك؟
navigator-canned-still-there = هل ما زلت هنا؟ خذ وقتك، أنا هنا عندما تكون مستعدًا.
navigator-canned-closing = شكرًا لتواصلك مع 211. إذا احتجت إلى أي شيء آخر، اكتب لنا في أي وقت.
