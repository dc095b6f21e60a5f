# Frontdoor dialogue texts, Turkish. Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = Türkçe

## First contact

welcome = Merhaba, burası 211: ücretsiz ve gizli. Yakınınızda gıda, konut, sağlık, para ve diğer hizmetleri bulmanıza yardım ederim. Görevliyle görüşme: { $hours }.
welcome-sms-stop = Mesaj almak istemiyorsanız STOP yazın.
hours-always = 7/24
hours-range = { $days } saat { $opens } ile { $closes } arası
ask-need = Bugün hangi konuda yardıma ihtiyacınız var? Birkaç kelimeyle yazın.
capabilities = Yakınınızda şu konularda hizmet bulabilirim: gıda, barınak, konut, faturalar, para, iş, sağlık, ruh sağlığı, bağımlılık, şiddet ve güvenlik, hukuki yardım, yeni gelenler, yaşlılar, engelliler, aileler, ulaşım, giyim ve okul. Neye ihtiyacınız olduğunu yazın ya da bir görevliyle görüşmek isteyin.

## Language

confirm-language = Sanırım { $language } yazıyorsunuz. { $language } devam edelim mi?
language-yes = Evet
language-no = Hayır, İngilizce (English)
language-switched = Tamam, bundan sonra { $language } yazacağım.
language-unsupported = Henüz sizin dilinizde yazamıyorum. Bir görevliden, tercüman eşliğinde size yardım etmesini istiyorum.

## Need

clarify-need = Doğru anladığımdan emin olmak istiyorum. Hangisi en yakın?
clarify-other = Başka bir şey
not-understood = Özür dilerim, anlayamadım. Neye ihtiyacınız olduğunu birkaç kelimeyle yazar mısınız? Örneğin "gıda", "kira" ya da "doktor".
media-not-read = Özür dilerim, yalnızca yazı okuyabiliyorum; fotoğraf veya başka dosyaları okuyamıyorum. Neye ihtiyacınız olduğunu lütfen yazarak anlatın. Tehlikedeyseniz 911'i arayın.
offer-navigator = Sizi anladığımdan emin değilim. Bir görevliyle görüşmek ister misiniz?
navigator-yes = Evet, bir görevliyle
navigator-no = Hayır, tekrar deneyeceğim

## Location

ask-location = Neredesiniz? Posta kodunuzu, şehrinizi ya da semtinizi yazın.
ask-location-web = Neredesiniz? Posta kodunuzu, şehrinizi ya da semtinizi yazın veya konum düğmesini kullanın.
location-not-found = Bu yeri Ontario'da bulamadım. Posta kodunuzu (örneğin K1P 1J1) ya da şehrinizi deneyin.
location-set = Teşekkürler, { $place } yakınında arıyorum.

## Referrals

referrals-intro = { $place } yakınındaki hizmetler ({ $need }):
referrals-intro-anywhere = Bulunan hizmetler ({ $need }):
referral-open = şu an açık
referral-closed = şu an kapalı
referral-distance = { $km } km
referrals-more-hint = Ayrıntılar için bir numara, diğer seçenekler için DEVAM yazın ya da başka neye ihtiyacınız olduğunu söyleyin.
referral-details = { $name } ({ $organization }). Tel.: { $phone }. Adres: { $address }. Saatler: { $hours }.
referral-unknown = belirtilmemiş
no-more-referrals = Bulduğum hizmetler bu kadar. Bir görevli sizinle birlikte aramaya devam edebilir: GÖREVLİ yazın.
no-match = Üzgünüm, { $place } yakınında bu konuda hizmet bulamadım: { $need }. Yardım hattının bilmesi için bu ihtiyacı not ettim. Bir görevliyle görüşmek ister misiniz?
anything-else = Başka bir konuda yardımcı olabilir miyim?

## Follow-up and goodbye

follow-up-offer = Yardım alıp almadığınızı öğrenmek için { $days } gün sonra size ulaşabilir miyiz?
follow-up-yes = Evet
follow-up-no = Hayır, teşekkürler
follow-up-scheduled = Teşekkürler. { $days } gün sonra size ulaşacağız.
follow-up-declined = Tamam, sizinle iletişime geçmeyeceğiz.
thanks-reply = Rica ederim. Kendinize iyi bakın; istediğiniz zaman yeniden yazabilirsiniz.
goodbye = Kendinize iyi bakın. İstediğiniz zaman yeniden yazabilirsiniz; 211 ücretsiz ve gizlidir.

## Handoff

handoff-queued = Sizi bir görevliye bağlıyorum. Sıra numaranız: { $position }; yaklaşık { $minutes } dakika sürebilir. Lütfen burada kalın.
handoff-after-hours = Görevlilerimiz { $hours } hizmet veriyor. O zaman bir görevli size buradan yanıt verecek.
handoff-follow-up = Görevliler döndüğünde sizinle iletişime geçmelerini ister misiniz?
handoff-returned = Yeniden 211 asistanıyla görüşüyorsunuz. Başka nasıl yardımcı olabilirim?

## Crisis (always available)

crisis = Şu an tehlikedeyseniz 911'i arayın. İntiharı düşünüyorsanız günün her saati 9-8-8'i arayın ya da mesaj atın. { $lines } Sizi şimdi bir görevliye bağlıyorum.
crisis-lines = Assaulted Women's Helpline (şiddet gören kadınlar için): 1-866-863-0511. Kids Help Phone (çocuklar ve gençler için): 1-800-668-6868.

## Need names

need-food = gıda
need-shelter = bu gece kalacak yer
need-housing = konut
need-utilities = faturalar
need-income = para ve sosyal yardımlar
need-employment = iş ve meslek eğitimi
need-health = sağlık hizmetleri
need-mental_health = ruh sağlığı desteği
need-substance_use = bağımlılık
need-abuse_violence = şiddetten korunma
need-legal = hukuki yardım
need-newcomers = yeni gelenlere hizmetler
need-seniors = yaşlılara hizmetler
need-disability = engelli desteği
need-family_children = aile ve çocuk hizmetleri
need-transportation = ulaşım
need-material_goods = giyim ve ev eşyası
need-education = okul ve öğrenim
need-other = diğer yardımlar

## Weekdays (for hours)

day-mon = Pzt
day-tue = Sal
day-wed = Çar
day-thu = Per
day-fri = Cum
day-sat = Cmt
day-sun = Paz

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Merhaba, adım { $name }, 211 danışmanıyım. Şimdiye kadarki konuşmanızı okudum. Size nasıl yardımcı olabilirim?
navigator-canned-still-there = Hâlâ orada mısınız? Acele etmeyin; hazır olduğunuzda buradayım.
navigator-canned-closing = 211 ile iletişime geçtiğiniz için teşekkürler. Başka bir şeye ihtiyacınız olursa istediğiniz zaman yazın.
