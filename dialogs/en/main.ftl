# Frontdoor dialogue texts, English (the reference locale).
# Every other locale has exactly these message ids and uses every placeable each one has.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = English

## First contact

welcome = Hi, this is 211. It's free and confidential. I can help you find food, housing, health, money and other community services near you. A person is also available { $hours }.
welcome-sms-stop = Reply STOP to stop messages.
hours-always = 24/7
hours-range = { $days } from { $opens } to { $closes }
ask-need = What do you need help with today? Tell me in a few words.
capabilities = I can find services near you for food, shelter, housing, bills, money, jobs, health, mental health, addiction, abuse and safety, legal help, newcomers, seniors, disability, families, transportation, clothing and school. Tell me what you need, or ask for a person.

## Language

confirm-language = I think you are writing in { $language }. Shall we continue in { $language }?
language-yes = Yes
language-no = No, English
language-switched = OK, I will write in { $language }.
language-unsupported = I can't write in your language yet. I am asking a person to help you, with an interpreter.

## Need

clarify-need = I want to be sure I understand. Which is closest?
clarify-other = Something else
not-understood = Sorry, I didn't understand. Could you say in a few words what you need help with, like "food", "rent" or "a doctor"?
media-not-read = Sorry, I can only read text, not pictures or other media. Please tell me in words what you need. In danger? Call 911.
offer-navigator = I'm not sure I understand. Would you like to talk with a person?
navigator-yes = Yes, a person
navigator-no = No, I'll try again

## Location

ask-location = Where are you? Send your postal code or your city or neighbourhood.
ask-location-web = Where are you? Send your postal code, city or neighbourhood, or use the location button.
location-not-found = I couldn't find that place in Ontario. Try your postal code (like K1P 1J1) or your town.
location-set = Thanks, I'll look near { $place }.

## Referrals

referrals-intro = Here are services for { $need } near { $place }:
referrals-intro-anywhere = Here are services for { $need }:
referral-open = open now
referral-closed = closed now
referral-distance = { $km } km
referrals-more-hint = Reply a number for details, MORE for other options, or tell me something else you need.
referral-details = { $name } ({ $organization }). Phone: { $phone }. Address: { $address }. Hours: { $hours }.
referral-unknown = not listed
no-more-referrals = Those are all the services I found. A person can look further with you: reply PERSON.
no-match = I'm sorry, I couldn't find a service for { $need } near { $place }. I've noted this need so the helpline knows. Would you like to talk with a person?
anything-else = Is there anything else I can help you with?

## Follow-up and goodbye

follow-up-offer = May we check in with you in { $days } days to see if you got help?
follow-up-yes = Yes
follow-up-no = No, thanks
follow-up-scheduled = Thank you. We will check in with you in { $days } days.
follow-up-declined = OK, we won't contact you.
thanks-reply = You're welcome. Take care, and write again anytime.
goodbye = Take care. You can write again anytime; 211 is free and confidential.

## Handoff

handoff-queued = I'm connecting you with a person. You are number { $position } in line; it may take about { $minutes } minutes. Stay here.
handoff-after-hours = Our navigators are available { $hours }. A person will reply to you here then.
handoff-follow-up = Would you like a navigator to contact you when they are back?
handoff-returned = You are back with the 211 assistant. What else can I help you with?

## Crisis (always available)

crisis = If you are in danger right now, call 911. If you are thinking about suicide, call or text 9-8-8, any time. { $lines } I am connecting you with a person now.
crisis-lines = Assaulted Women's Helpline: 1-866-863-0511. Kids Help Phone: 1-800-668-6868.

## Need names

need-food = food
need-shelter = a place to stay tonight
need-housing = housing
need-utilities = bills and utilities
need-income = money and benefits
need-employment = jobs and training
need-health = health care
need-mental_health = mental health support
need-substance_use = addiction and substance use
need-abuse_violence = safety from abuse or violence
need-legal = legal help
need-newcomers = newcomer services
need-seniors = seniors' services
need-disability = disability supports
need-family_children = family and children's services
need-transportation = transportation
need-material_goods = clothing and household items
need-education = school and learning
need-other = other help

## Weekdays (for hours)

day-mon = Mon
day-tue = Tue
day-wed = Wed
day-thu = Thu
day-fri = Fri
day-sat = Sat
day-sun = Sun

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Hi, my name is { $name } and I'm a 211 navigator. I've read your conversation so far. How can I help?
navigator-canned-still-there = Are you still there? Take your time; I'm here when you're ready.
navigator-canned-closing = Thank you for reaching out to 211. If you need anything else, write again anytime.
