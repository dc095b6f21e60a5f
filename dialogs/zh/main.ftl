# Frontdoor dialogue texts, Chinese (Simplified). Translated from en/main.ftl: same ids, same
# placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = 中文

## First contact

welcome = 您好，这里是211，免费且保密。我可以帮您查找附近的食物、住房、医疗、经济援助等社区服务。人工服务时间：{ $hours }。
welcome-sms-stop = 回复STOP即可停止接收信息。
hours-always = 24小时全天候
hours-range = { $days } { $opens }–{ $closes }
ask-need = 您今天需要什么帮助？请用几个词告诉我。
capabilities = 我可以为您查找附近的以下服务：食物、紧急住宿、住房、账单、经济援助、就业、医疗、心理健康、成瘾、虐待与安全、法律援助、新移民、长者、残障、家庭、交通、衣物和教育。请告诉我您需要什么，或要求与工作人员交谈。

## Language

confirm-language = 您似乎在用{ $language }书写。我们继续用{ $language }吗？
language-yes = 是
language-no = 不，用英语 (English)
language-switched = 好的，我会用{ $language }和您交流。
language-unsupported = 我暂时还不能用您的语言书写。我正在请工作人员通过口译员为您提供帮助。

## Need

clarify-need = 我想确认我理解得对。哪一项最接近？
clarify-other = 其他
not-understood = 抱歉，我没有理解。您能用几个词说明需要什么帮助吗？例如“食物”、“房租”或“医生”。
media-not-read = 抱歉，我只能读取文字，无法查看图片或其他文件。请用文字告诉我您需要什么帮助。遇到危险？请拨打 911。
offer-navigator = 我不太确定是否理解了您的意思。您想与工作人员交谈吗？
navigator-yes = 好，转人工
navigator-no = 不用，我再试试

## Location

ask-location = 您在哪里？请发送您的邮政编码、城市或社区名称。
ask-location-web = 您在哪里？请发送您的邮政编码、城市或社区名称，或使用定位按钮。
location-not-found = 我在安大略省找不到这个地方。请试试您的邮政编码（例如 K1P 1J1）或城镇名称。
location-set = 谢谢，我会在{ $place }附近查找。

## Referrals

referrals-intro = 以下是{ $place }附近与“{ $need }”相关的服务：
referrals-intro-anywhere = 以下是与“{ $need }”相关的服务：
referral-open = 目前开放
referral-closed = 目前关闭
referral-distance = { $km } 公里
referrals-more-hint = 回复编号查看详情，回复“更多”查看其他选项，或告诉我您还需要什么。
referral-details = { $name }（{ $organization }）。电话：{ $phone }。地址：{ $address }。服务时间：{ $hours }。
referral-unknown = 未列出
no-more-referrals = 以上是我找到的全部服务。工作人员可以和您一起继续查找：请回复“人工”。
no-match = 抱歉，我在{ $place }附近没有找到与“{ $need }”相关的服务。我已记录这项需求，以便求助热线了解。您想与工作人员交谈吗？
anything-else = 还有什么需要我帮忙的吗？

## Follow-up and goodbye

follow-up-offer = 我们可以在{ $days }天后联系您，了解您是否得到帮助吗？
follow-up-yes = 好的
follow-up-no = 不用了，谢谢
follow-up-scheduled = 谢谢。我们会在{ $days }天后联系您。
follow-up-declined = 好的，我们不会联系您。
thanks-reply = 不客气。请多保重，随时欢迎再联系我们。
goodbye = 请多保重。您可以随时再联系我们；211免费且保密。

## Handoff

handoff-queued = 正在为您转接工作人员。您排在第{ $position }位，大约需要等候{ $minutes }分钟。请留在这里。
handoff-after-hours = 我们工作人员的服务时间为{ $hours }。届时会有人在这里回复您。
handoff-follow-up = 工作人员上班后，您希望他们联系您吗？
handoff-returned = 您已回到211智能助手。还有什么可以帮您？

## Crisis (always available)

crisis = 如果您现在有危险，请拨打911。如果您有自杀的念头，请随时拨打或发短信至9-8-8。{ $lines } 我正在为您转接工作人员。
crisis-lines = Assaulted Women's Helpline（受虐妇女求助热线）：1-866-863-0511。Kids Help Phone（儿童及青少年求助热线）：1-800-668-6868。

## Need names

need-food = 食物
need-shelter = 今晚的住处
need-housing = 住房
need-utilities = 账单和水电费
need-income = 经济援助和福利
need-employment = 就业和培训
need-health = 医疗保健
need-mental_health = 心理健康支持
need-substance_use = 成瘾和药物滥用
need-abuse_violence = 虐待或暴力中的人身安全
need-legal = 法律援助
need-newcomers = 新移民服务
need-seniors = 长者服务
need-disability = 残障支持
need-family_children = 家庭和儿童服务
need-transportation = 交通
need-material_goods = 衣物和生活用品
need-education = 学校和学习
need-other = 其他帮助

## Weekdays (for hours)

day-mon = 周一
day-tue = 周二
day-wed = 周三
day-thu = 周四
day-fri = 周五
day-sat = 周六
day-sun = 周日

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = 您好，我叫 { $name }，是211的服务专员。我已经看过您之前的对话。请问有什么可以帮您？
navigator-canned-still-there = 您还在吗？不着急，您准备好了我就在这里。
navigator-canned-closing = 感谢您联系211。如果还需要其他帮助，随时可以再写信给我们。
