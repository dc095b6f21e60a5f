# Frontdoor dialogue texts, Korean (polite -습니다/-세요). Translated from en/main.ftl: same ids,
# same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = 한국어

## First contact

welcome = 안녕하세요, 211입니다. 무료이며 비밀이 보장됩니다. 가까운 곳의 음식, 주거, 건강, 생활비 지원 등 지역 서비스를 찾아 드립니다. 상담원 연결 시간: { $hours }.
welcome-sms-stop = 수신을 원치 않으시면 STOP이라고 답장해 주세요.
hours-always = 24시간 연중무휴
hours-range = { $days } { $opens }–{ $closes }
ask-need = 오늘 어떤 도움이 필요하신가요? 짧게 말씀해 주세요.
capabilities = 가까운 곳의 다음 서비스를 찾아 드릴 수 있습니다: 음식, 긴급 숙소, 주거, 공과금, 생활비, 일자리, 건강, 정신 건강, 중독, 학대와 안전, 법률 지원, 신규 이민자, 노인, 장애, 가족, 교통, 의류, 학교. 필요한 것을 말씀해 주시거나 상담원 연결을 요청하세요.

## Language

confirm-language = { $language }로 쓰시는 것 같습니다. { $language }로 계속할까요?
language-yes = 예
language-no = 아니요, 영어로 (English)
language-switched = 알겠습니다. 이제 { $language }로 쓰겠습니다.
language-unsupported = 아직 귀하의 언어로는 쓸 수 없습니다. 통역사와 함께 도와드리도록 상담원에게 요청하고 있습니다.

## Need

clarify-need = 정확히 이해했는지 확인하고 싶습니다. 어느 것이 가장 가까운가요?
clarify-other = 기타
not-understood = 죄송합니다, 이해하지 못했습니다. 어떤 도움이 필요한지 짧게 말씀해 주시겠어요? 예: "음식", "월세", "의사".
media-not-read = 죄송합니다. 저는 글자만 읽을 수 있고 사진이나 다른 파일은 볼 수 없습니다. 필요한 도움을 글로 적어 주세요. 위험한 상황이면 911에 전화하세요.
offer-navigator = 제가 잘 이해했는지 모르겠습니다. 상담원과 이야기하시겠어요?
navigator-yes = 예, 상담원 연결
navigator-no = 아니요, 다시 해 볼게요

## Location

ask-location = 어디에 계신가요? 우편번호나 도시 또는 동네 이름을 보내 주세요.
ask-location-web = 어디에 계신가요? 우편번호나 도시 또는 동네 이름을 보내 주시거나 위치 버튼을 눌러 주세요.
location-not-found = 온타리오주에서 그 장소를 찾지 못했습니다. 우편번호(예: K1P 1J1)나 도시 이름으로 다시 해 보세요.
location-set = 감사합니다. { $place } 근처에서 찾아보겠습니다.

## Referrals

referrals-intro = { $place } 근처의 { $need } 관련 서비스입니다:
referrals-intro-anywhere = { $need } 관련 서비스입니다:
referral-open = 지금 운영 중
referral-closed = 지금 운영 안 함
referral-distance = { $km }km
referrals-more-hint = 자세히 보려면 번호를, 다른 선택지는 "더보기"를 보내 주세요. 다른 필요한 것을 말씀하셔도 됩니다.
referral-details = { $name } ({ $organization }). 전화: { $phone }. 주소: { $address }. 운영 시간: { $hours }.
referral-unknown = 정보 없음
no-more-referrals = 찾은 서비스는 이것이 전부입니다. 상담원이 함께 더 찾아 드릴 수 있습니다. "상담원"이라고 답장해 주세요.
no-match = 죄송합니다. { $place } 근처에서 { $need } 관련 서비스를 찾지 못했습니다. 상담 전화 측이 알 수 있도록 이 필요를 기록해 두었습니다. 상담원과 이야기하시겠어요?
anything-else = 더 도와드릴 일이 있을까요?

## Follow-up and goodbye

follow-up-offer = 도움을 받으셨는지 확인하기 위해 { $days }일 후에 연락드려도 될까요?
follow-up-yes = 예
follow-up-no = 아니요, 괜찮습니다
follow-up-scheduled = 감사합니다. { $days }일 후에 연락드리겠습니다.
follow-up-declined = 알겠습니다. 연락드리지 않겠습니다.
thanks-reply = 천만에요. 건강 조심하시고, 언제든 다시 연락 주세요.
goodbye = 건강 조심하세요. 언제든 다시 연락 주셔도 됩니다. 211은 무료이며 비밀이 보장됩니다.

## Handoff

handoff-queued = 상담원과 연결하고 있습니다. 대기 순서는 { $position }번이며, 약 { $minutes }분 걸릴 수 있습니다. 여기서 기다려 주세요.
handoff-after-hours = 상담원 운영 시간은 { $hours }입니다. 그때 상담원이 여기에서 답해 드리겠습니다.
handoff-follow-up = 상담원이 돌아오면 연락드리기를 원하시나요?
handoff-returned = 211 도우미로 돌아오셨습니다. 더 도와드릴 일이 있을까요?

## Crisis (always available)

crisis = 지금 위험하시면 911에 전화하세요. 자살을 생각하고 계시면 언제든 9-8-8로 전화나 문자를 하세요. { $lines } 지금 상담원과 연결해 드리고 있습니다.
crisis-lines = Assaulted Women's Helpline(폭력 피해 여성 상담): 1-866-863-0511. Kids Help Phone(어린이·청소년 상담): 1-800-668-6868.

## Need names

need-food = 음식
need-shelter = 오늘 밤 머물 곳
need-housing = 주거
need-utilities = 공과금
need-income = 생활비와 정부 지원
need-employment = 일자리와 직업 훈련
need-health = 의료
need-mental_health = 정신 건강 지원
need-substance_use = 중독
need-abuse_violence = 학대나 폭력으로부터의 안전
need-legal = 법률 지원
need-newcomers = 신규 이민자 지원
need-seniors = 노인 서비스
need-disability = 장애인 지원
need-family_children = 가족과 아동 서비스
need-transportation = 교통
need-material_goods = 의류와 생활용품
need-education = 학교와 교육
need-other = 기타 도움

## Weekdays (for hours)

day-mon = 월
day-tue = 화
day-wed = 수
day-thu = 목
day-fri = 금
day-sat = 토
day-sun = 일

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = 안녕하세요, 저는 211 상담원 { $name }입니다. 지금까지의 대화를 읽었습니다. 무엇을 도와드릴까요?
navigator-canned-still-there = 아직 계신가요? 천천히 하셔도 됩니다. 준비되시면 여기 있겠습니다.
navigator-canned-closing = 211에 연락해 주셔서 감사합니다. 다른 도움이 필요하시면 언제든지 다시 연락 주세요.
