# Frontdoor dialogue texts, Hindi (the assistant speaks as "हम" and addresses "आप"). Translated from
# en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = हिन्दी

## First contact

welcome = नमस्ते, यह 211 है: मुफ़्त और गोपनीय। हम पास में भोजन, आवास, इलाज, पैसे और अन्य सेवाएँ खोजने में मदद करते हैं। { $hours } व्यक्ति से भी बात हो सकती है।
welcome-sms-stop = संदेश बंद करने के लिए STOP लिखकर जवाब दें।
hours-always = 24 घंटे, सातों दिन
hours-range = { $days } { $opens } से { $closes } तक
ask-need = आज आपको किस चीज़ में मदद चाहिए? कुछ शब्दों में बताएँ।
capabilities = हम आपके पास इन चीज़ों के लिए सेवाएँ ढूँढ सकते हैं: भोजन, आश्रय, आवास, बिल, पैसे, रोज़गार, स्वास्थ्य, मानसिक स्वास्थ्य, नशे की लत, हिंसा और सुरक्षा, कानूनी मदद, नए आए लोग, बुज़ुर्ग, विकलांगता, परिवार, आने-जाने के साधन, कपड़े और पढ़ाई। बताएँ आपको क्या चाहिए, या किसी व्यक्ति से बात करने के लिए कहें।

## Language

confirm-language = लगता है आपका संदेश { $language } में है। क्या हम { $language } में बात जारी रखें?
language-yes = हाँ
language-no = नहीं, अंग्रेज़ी में (English)
language-switched = ठीक है, अब हम { $language } में लिखेंगे।
language-unsupported = हम अभी आपकी भाषा में नहीं लिख सकते। हम एक सलाहकार से कह रहे हैं कि वह दुभाषिए के साथ आपकी मदद करे।

## Need

clarify-need = हम पक्का करना चाहते हैं कि बात सही समझी है। कौन-सा सबसे करीब है?
clarify-other = कुछ और
not-understood = माफ़ कीजिए, बात समझ नहीं आई। कृपया कुछ शब्दों में बताएँ कि आपको किस चीज़ में मदद चाहिए, जैसे "भोजन", "किराया" या "डॉक्टर"।
media-not-read = माफ़ कीजिए, मैं केवल लिखा हुआ पाठ पढ़ सकता हूँ, तस्वीरें या दूसरी फ़ाइलें नहीं। कृपया शब्दों में लिखें कि आपको क्या चाहिए। ख़तरे में हैं? 911 पर कॉल करें।
offer-navigator = शायद बात पूरी तरह समझ नहीं आई। क्या किसी व्यक्ति से बात करवाएँ?
navigator-yes = हाँ, किसी व्यक्ति से
navigator-no = नहीं, फिर से कोशिश करें

## Location

ask-location = आप कहाँ हैं? अपना पोस्टल कोड, शहर या इलाका भेजें।
ask-location-web = आप कहाँ हैं? अपना पोस्टल कोड, शहर या इलाका भेजें, या लोकेशन बटन का इस्तेमाल करें।
location-not-found = हमें ओंटारियो में यह जगह नहीं मिली। अपना पोस्टल कोड (जैसे K1P 1J1) या अपने शहर का नाम लिखकर देखें।
location-set = धन्यवाद, हम { $place } के पास खोज रहे हैं।

## Referrals

referrals-intro = { $place } के पास ये सेवाएँ मिलीं ({ $need }):
referrals-intro-anywhere = ये सेवाएँ मिलीं ({ $need }):
referral-open = अभी खुला है
referral-closed = अभी बंद है
referral-distance = { $km } कि.मी.
referrals-more-hint = जानकारी के लिए नंबर लिखें, दूसरे विकल्पों के लिए "आगे" लिखें, या बताएँ कि आपको और क्या चाहिए।
referral-details = { $name } ({ $organization })। फ़ोन: { $phone }। पता: { $address }। समय: { $hours }।
referral-unknown = उपलब्ध नहीं
no-more-referrals = हमें बस यही सेवाएँ मिलीं। कोई व्यक्ति आपके साथ और खोज कर सकता है: "व्यक्ति" लिखकर जवाब दें।
no-match = माफ़ कीजिए, हमें { $place } के पास इस ज़रूरत के लिए कोई सेवा नहीं मिली: { $need }। हमने यह ज़रूरत दर्ज कर ली है ताकि हेल्पलाइन को पता रहे। क्या किसी व्यक्ति से बात करवाएँ?
anything-else = क्या हम किसी और चीज़ में आपकी मदद कर सकते हैं?

## Follow-up and goodbye

follow-up-offer = क्या हम { $days } दिन बाद आपसे संपर्क कर सकते हैं, यह जानने के लिए कि आपको मदद मिली या नहीं?
follow-up-yes = हाँ
follow-up-no = नहीं, धन्यवाद
follow-up-scheduled = धन्यवाद। हम { $days } दिन बाद आपसे संपर्क करेंगे।
follow-up-declined = ठीक है, हम आपसे संपर्क नहीं करेंगे।
thanks-reply = कोई बात नहीं। अपना ध्यान रखें, और जब चाहें फिर से लिखें।
goodbye = अपना ध्यान रखें। जब चाहें फिर से लिखें; 211 मुफ़्त और गोपनीय है।

## Handoff

handoff-queued = हम आपको एक व्यक्ति से जोड़ रहे हैं। कतार में आपका नंबर { $position } है; लगभग { $minutes } मिनट लग सकते हैं। कृपया यहीं रहें।
handoff-after-hours = हमारे सलाहकार { $hours } उपलब्ध रहते हैं। उस समय कोई आपको यहीं जवाब देगा।
handoff-follow-up = सलाहकार वापस आएँ तो क्या वे आपसे संपर्क करें?
handoff-returned = 211 सहायक फिर से आपके साथ है। हम और किस चीज़ में मदद कर सकते हैं?

## Crisis (always available)

crisis = अगर आप खतरे में हैं, तो 911 पर कॉल करें। आत्महत्या के विचार आएँ, तो कभी भी 9-8-8 पर कॉल या मैसेज करें। { $lines } हम आपको अभी एक व्यक्ति से जोड़ रहे हैं।
crisis-lines = Assaulted Women's Helpline (हिंसा झेल रही महिलाओं के लिए): 1-866-863-0511। Kids Help Phone (बच्चों और युवाओं के लिए): 1-800-668-6868।

## Need names

need-food = भोजन
need-shelter = आज रात रहने की जगह
need-housing = आवास
need-utilities = बिल और बिजली-पानी
need-income = पैसे और सरकारी सहायता
need-employment = रोज़गार और प्रशिक्षण
need-health = स्वास्थ्य सेवा
need-mental_health = मानसिक स्वास्थ्य सहायता
need-substance_use = नशे की लत
need-abuse_violence = हिंसा या दुर्व्यवहार से सुरक्षा
need-legal = कानूनी मदद
need-newcomers = नए आए लोगों के लिए सेवाएँ
need-seniors = बुज़ुर्गों के लिए सेवाएँ
need-disability = विकलांगता सहायता
need-family_children = परिवार और बच्चों के लिए सेवाएँ
need-transportation = आने-जाने के साधन
need-material_goods = कपड़े और घरेलू सामान
need-education = स्कूल और पढ़ाई
need-other = अन्य मदद

## Weekdays (for hours)

day-mon = सोम
day-tue = मंगल
day-wed = बुध
day-thu = गुरु
day-fri = शुक्र
day-sat = शनि
day-sun = रवि

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = नमस्ते, मेरा नाम { $name } है और मैं 211 का मार्गदर्शक हूँ। मैंने अब तक आपकी बातचीत पढ़ ली है। मैं आपकी कैसे मदद कर सकता/सकती हूँ?
navigator-canned-still-there = क्या आप अभी भी यहाँ हैं? कोई जल्दी नहीं; जब आप तैयार हों, मैं यहीं हूँ।
navigator-canned-closing = 211 से संपर्क करने के लिए धन्यवाद। अगर आपको और कुछ चाहिए, तो कभी भी फिर से लिखें।
