# Frontdoor dialogue texts, French (Canada). Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = français

## First contact

welcome = Bonjour, ici le 211. C'est gratuit et confidentiel. Je peux vous aider à trouver des services près de chez vous : nourriture, logement, santé, argent et plus. Une personne est aussi disponible { $hours }.
welcome-sms-stop = Répondez STOP ou ARRET pour ne plus recevoir de messages.
hours-always = 24 h sur 24, 7 jours sur 7
hours-range = { $days } de { $opens } à { $closes }
ask-need = De quoi avez-vous besoin aujourd'hui? Dites-le-moi en quelques mots.
capabilities = Je peux trouver des services près de chez vous pour : nourriture, hébergement, logement, factures, argent, emploi, santé, santé mentale, dépendances, violence et sécurité, aide juridique, nouveaux arrivants, aînés, handicap, familles, transport, vêtements et école. Dites-moi ce dont vous avez besoin, ou demandez à parler à une personne.

## Language

confirm-language = Je crois que vous écrivez en { $language }. Voulez-vous continuer en { $language }?
language-yes = Oui
language-no = Non, en anglais (English)
language-switched = D'accord, je vais vous écrire en { $language }.
language-unsupported = Je ne peux pas encore écrire dans votre langue. Je demande à une personne de vous aider, avec un interprète.

## Need

clarify-need = Je veux m'assurer de bien comprendre. Qu'est-ce qui correspond le mieux?
clarify-other = Autre chose
not-understood = Pardon, je n'ai pas compris. Pouvez-vous me dire en quelques mots de quoi vous avez besoin, par exemple « nourriture », « loyer » ou « médecin »?
media-not-read = Désolé, je ne peux lire que du texte, pas les images ni les autres médias. Écrivez-moi en mots ce dont vous avez besoin. En danger? Appelez le 911.
offer-navigator = Je ne comprends pas bien. Voulez-vous parler à une personne?
navigator-yes = Oui, une personne
navigator-no = Non, je réessaie

## Location

ask-location = Où vous trouvez-vous? Envoyez votre code postal, votre ville ou votre quartier.
ask-location-web = Où vous trouvez-vous? Envoyez votre code postal, votre ville ou votre quartier, ou utilisez le bouton de localisation.
location-not-found = Je n'ai pas trouvé cet endroit en Ontario. Essayez votre code postal (par exemple K1P 1J1) ou votre ville.
location-set = Merci, je vais chercher près de { $place }.

## Referrals

referrals-intro = Voici des services pour { $need } près de { $place } :
referrals-intro-anywhere = Voici des services pour { $need } :
referral-open = ouvert maintenant
referral-closed = fermé maintenant
referral-distance = { $km } km
referrals-more-hint = Répondez par un numéro pour les détails, par PLUS pour d'autres choix, ou dites-moi autre chose dont vous avez besoin.
referral-details = { $name } ({ $organization }). Téléphone : { $phone }. Adresse : { $address }. Heures : { $hours }.
referral-unknown = non indiqué
no-more-referrals = Ce sont tous les services que j'ai trouvés. Une personne peut chercher plus loin avec vous : répondez PERSONNE.
no-match = Malheureusement, je n'ai pas trouvé de service pour { $need } près de { $place }. J'ai noté ce besoin pour que la ligne d'aide le sache. Voulez-vous parler à une personne?
anything-else = Puis-je vous aider avec autre chose?

## Follow-up and goodbye

follow-up-offer = Pouvons-nous vous recontacter dans { $days } jours pour savoir si vous avez reçu de l'aide?
follow-up-yes = Oui
follow-up-no = Non, merci
follow-up-scheduled = Merci. Nous vous recontacterons dans { $days } jours.
follow-up-declined = D'accord, nous ne vous contacterons pas.
thanks-reply = Je vous en prie. Prenez soin de vous, et écrivez-nous quand vous voulez.
goodbye = Prenez soin de vous. Vous pouvez nous écrire en tout temps; le 211 est gratuit et confidentiel.

## Handoff

handoff-queued = Je vous mets en contact avec une personne. Vous êtes numéro { $position } dans la file; l'attente peut être d'environ { $minutes } minutes. Restez ici.
handoff-after-hours = Nos intervenants sont disponibles { $hours }. Une personne vous répondra ici à ce moment-là.
handoff-follow-up = Voulez-vous qu'un intervenant vous contacte à son retour?
handoff-returned = Vous êtes de retour avec l'assistant 211. Comment puis-je vous aider d'autre?

## Crisis (always available)

crisis = En cas de danger, appelez le 911. Si vous pensez au suicide, appelez ou textez le 9-8-8, en tout temps. { $lines } Je vous mets en contact avec une personne.
crisis-lines = Assaulted Women's Helpline (femmes victimes de violence) : 1-866-863-0511. Kids Help Phone (Jeunesse, J'écoute) : 1-800-668-6868.

## Need names

need-food = la nourriture
need-shelter = un endroit où dormir ce soir
need-housing = le logement
need-utilities = les factures et les services publics
need-income = l'argent et les prestations
need-employment = l'emploi et la formation
need-health = les soins de santé
need-mental_health = le soutien en santé mentale
need-substance_use = les dépendances et la consommation
need-abuse_violence = la sécurité face à la violence
need-legal = l'aide juridique
need-newcomers = les nouveaux arrivants
need-seniors = les aînés
need-disability = les personnes handicapées
need-family_children = les familles et les enfants
need-transportation = le transport
need-material_goods = les vêtements et articles ménagers
need-education = l'école et l'apprentissage
need-other = d'autres types d'aide

## Weekdays (for hours)

day-mon = lun.
day-tue = mar.
day-wed = mer.
day-thu = jeu.
day-fri = ven.
day-sat = sam.
day-sun = dim.

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Bonjour, je m'appelle { $name } et je suis intervenante ou intervenant au 211. J'ai lu votre conversation. Comment puis-je vous aider?
navigator-canned-still-there = Êtes-vous toujours là? Prenez votre temps, je suis là quand vous serez prêt·e.
navigator-canned-closing = Merci d'avoir contacté le 211. Si vous avez besoin d'autre chose, écrivez-nous en tout temps.
