# Frontdoor dialogue texts, Vietnamese (polite "quý vị"). Translated from en/main.ftl: same ids,
# same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = tiếng Việt

## First contact

welcome = Xin chào, đây là 211, miễn phí và bảo mật. Tôi giúp quý vị tìm thực phẩm, nhà ở, y tế, tài chính và dịch vụ khác ở gần. Có nhân viên hỗ trợ { $hours }.
welcome-sms-stop = Trả lời STOP để ngừng nhận tin nhắn.
hours-always = 24/7
hours-range = { $days } từ { $opens } đến { $closes }
ask-need = Hôm nay quý vị cần giúp về việc gì? Xin cho biết ngắn gọn.
capabilities = Tôi có thể tìm các dịch vụ gần quý vị về: thực phẩm, chỗ ở khẩn cấp, nhà ở, hóa đơn, tiền bạc, việc làm, y tế, sức khỏe tâm thần, nghiện ngập, bạo hành và an toàn, trợ giúp pháp lý, người mới đến, người cao tuổi, khuyết tật, gia đình, đi lại, quần áo và học tập. Xin cho biết quý vị cần gì, hoặc yêu cầu nói chuyện với nhân viên.

## Language

confirm-language = Hình như quý vị đang viết bằng { $language }. Chúng ta tiếp tục bằng { $language } nhé?
language-yes = Có
language-no = Không, tiếng Anh (English)
language-switched = Vâng, tôi sẽ viết bằng { $language }.
language-unsupported = Tôi chưa thể viết bằng ngôn ngữ của quý vị. Tôi đang nhờ một nhân viên giúp quý vị, cùng với thông dịch viên.

## Need

clarify-need = Tôi muốn chắc là mình hiểu đúng. Điều nào gần nhất?
clarify-other = Việc khác
not-understood = Xin lỗi, tôi chưa hiểu. Quý vị có thể cho biết ngắn gọn mình cần giúp gì không, ví dụ "thực phẩm", "tiền nhà" hoặc "bác sĩ"?
media-not-read = Xin lỗi, tôi chỉ đọc được chữ, không xem được hình ảnh hay tệp khác. Quý vị vui lòng viết ra mình cần gì. Đang gặp nguy hiểm? Gọi 911.
offer-navigator = Tôi chưa chắc mình hiểu đúng. Quý vị có muốn nói chuyện với nhân viên không?
navigator-yes = Có, gặp nhân viên
navigator-no = Không, tôi thử lại

## Location

ask-location = Quý vị đang ở đâu? Xin gửi mã bưu chính, thành phố hoặc khu phố.
ask-location-web = Quý vị đang ở đâu? Xin gửi mã bưu chính, thành phố hoặc khu phố, hoặc dùng nút vị trí.
location-not-found = Tôi không tìm thấy nơi này ở Ontario. Xin thử mã bưu chính (ví dụ K1P 1J1) hoặc tên thành phố.
location-set = Cảm ơn, tôi sẽ tìm gần { $place }.

## Referrals

referrals-intro = Đây là các dịch vụ về { $need } gần { $place }:
referrals-intro-anywhere = Đây là các dịch vụ về { $need }:
referral-open = đang mở cửa
referral-closed = đang đóng cửa
referral-distance = { $km } km
referrals-more-hint = Trả lời một số để xem chi tiết, THÊM để xem lựa chọn khác, hoặc cho biết quý vị cần gì khác.
referral-details = { $name } ({ $organization }). Điện thoại: { $phone }. Đ/c: { $address }. Giờ: { $hours }
referral-unknown = chưa có thông tin
no-more-referrals = Đó là tất cả dịch vụ tôi tìm được. Nhân viên có thể cùng quý vị tìm thêm: trả lời NHÂN VIÊN.
no-match = Xin lỗi, tôi không tìm thấy dịch vụ về { $need } gần { $place }. Tôi đã ghi lại nhu cầu này để đường dây hỗ trợ biết. Quý vị có muốn nói chuyện với nhân viên không?
anything-else = Tôi có thể giúp gì thêm cho quý vị không?

## Follow-up and goodbye

follow-up-offer = Chúng tôi có thể liên lạc lại sau { $days } ngày để xem quý vị đã được giúp chưa?
follow-up-yes = Có
follow-up-no = Không, cảm ơn
follow-up-scheduled = Cảm ơn quý vị. Chúng tôi sẽ liên lạc lại sau { $days } ngày.
follow-up-declined = Vâng, chúng tôi sẽ không liên lạc.
thanks-reply = Không có gì ạ. Quý vị giữ gìn sức khỏe, và cứ nhắn lại bất cứ lúc nào.
goodbye = Xin quý vị giữ gìn sức khỏe. Quý vị có thể nhắn lại bất cứ lúc nào; 211 miễn phí và bảo mật.

## Handoff

handoff-queued = Tôi đang kết nối quý vị với nhân viên. Quý vị là số { $position } trong hàng chờ; có thể mất khoảng { $minutes } phút. Xin ở lại đây.
handoff-after-hours = Nhân viên của chúng tôi làm việc { $hours }. Khi đó sẽ có người trả lời quý vị tại đây.
handoff-follow-up = Quý vị có muốn nhân viên liên lạc khi họ quay lại không?
handoff-returned = Quý vị đã trở lại với trợ lý 211. Tôi có thể giúp gì thêm?

## Crisis (always available)

crisis = Nếu đang gặp nguy hiểm, hãy gọi 911. Nếu có ý nghĩ tự tử, hãy gọi hoặc nhắn tin 9-8-8, bất cứ lúc nào. { $lines } Tôi đang kết nối quý vị với nhân viên.
crisis-lines = Assaulted Women's Helpline (cho phụ nữ bị bạo hành): 1-866-863-0511. Kids Help Phone (cho trẻ em và thanh thiếu niên): 1-800-668-6868.

## Need names

need-food = thực phẩm
need-shelter = chỗ ngủ tối nay
need-housing = nhà ở
need-utilities = hóa đơn và tiện ích
need-income = tiền và trợ cấp
need-employment = việc làm và đào tạo
need-health = chăm sóc sức khỏe
need-mental_health = hỗ trợ sức khỏe tâm thần
need-substance_use = nghiện và chất gây nghiện
need-abuse_violence = an toàn khỏi bạo hành
need-legal = trợ giúp pháp lý
need-newcomers = người mới đến
need-seniors = người cao tuổi
need-disability = hỗ trợ người khuyết tật
need-family_children = gia đình và trẻ em
need-transportation = đi lại
need-material_goods = quần áo và đồ gia dụng
need-education = học tập
need-other = hỗ trợ khác

## Weekdays (for hours)

day-mon = T2
day-tue = T3
day-wed = T4
day-thu = T5
day-fri = T6
day-sat = T7
day-sun = CN

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Xin chào, tôi là { $name }, nhân viên hướng dẫn của 211. Tôi đã đọc cuộc trò chuyện của bạn. Tôi có thể giúp gì cho bạn?
navigator-canned-still-there = Bạn vẫn còn đó chứ? Cứ từ từ; tôi ở đây khi bạn sẵn sàng.
navigator-canned-closing = Cảm ơn bạn đã liên hệ 211. Nếu cần thêm gì, bạn cứ nhắn lại bất cứ lúc nào.
