# Frontdoor dialogue texts, Italian. Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = italiano

## First contact

welcome = Salve, questo è il 211, gratuito e riservato. Posso aiutarLa a trovare cibo, casa, salute, aiuto economico e altri servizi vicino a Lei. Può anche parlare con una persona { $hours }.
welcome-sms-stop = Risponda STOP per non ricevere più messaggi.
hours-always = 24 ore su 24, 7 giorni su 7
hours-range = { $days } dalle { $opens } alle { $closes }
ask-need = Di che cosa ha bisogno oggi? Me lo dica in poche parole.
capabilities = Posso trovare servizi vicino a Lei per: cibo, alloggio d'emergenza, casa, bollette, soldi, lavoro, salute, salute mentale, dipendenze, abusi e sicurezza, aiuto legale, nuovi arrivati, anziani, disabilità, famiglie, trasporti, vestiti e scuola. Mi dica di che cosa ha bisogno, o chieda di parlare con una persona.

## Language

confirm-language = Mi sembra che Lei scriva in { $language }. Continuiamo in { $language }?
language-yes = Sì
language-no = No, in inglese (English)
language-switched = Va bene, Le scriverò in { $language }.
language-unsupported = Non posso ancora scrivere nella Sua lingua. Chiedo a una persona di aiutarLa, con un interprete.

## Need

clarify-need = Voglio capire bene. Che cosa si avvicina di più?
clarify-other = Altro
not-understood = Mi scusi, non ho capito. Può dirmi in poche parole di che cosa ha bisogno? Per esempio "cibo", "affitto" o "un medico".
media-not-read = Mi scusi, posso leggere solo testo, non foto o altri file. Mi scriva a parole di che cosa ha bisogno. In pericolo? Chiami il 911.
offer-navigator = Non so se ho capito bene. Vuole parlare con una persona?
navigator-yes = Sì, una persona
navigator-no = No, riprovo

## Location

ask-location = Dove si trova? Mi mandi il Suo codice postale, la città o il quartiere.
ask-location-web = Dove si trova? Mi mandi il Suo codice postale, la città o il quartiere, o usi il pulsante della posizione.
location-not-found = Non ho trovato questo luogo in Ontario. Provi con il codice postale (per esempio K1P 1J1) o con la Sua città.
location-set = Grazie, cerco vicino a { $place }.

## Referrals

referrals-intro = Ecco i servizi per { $need } vicino a { $place }:
referrals-intro-anywhere = Ecco i servizi per { $need }:
referral-open = aperto ora
referral-closed = chiuso ora
referral-distance = { $km } km
referrals-more-hint = Risponda con un numero per i dettagli, ALTRI per altre opzioni, o mi dica di che altro ha bisogno.
referral-details = { $name } ({ $organization }). Telefono: { $phone }. Indirizzo: { $address }. Orari: { $hours }.
referral-unknown = non indicato
no-more-referrals = Questi sono tutti i servizi che ho trovato. Una persona può cercare ancora insieme a Lei: risponda PERSONA.
no-match = Mi dispiace, non ho trovato un servizio per { $need } vicino a { $place }. Ho preso nota di questo bisogno per la linea d'aiuto. Vuole parlare con una persona?
anything-else = Posso aiutarLa in qualcos'altro?

## Follow-up and goodbye

follow-up-offer = Possiamo ricontattarLa tra { $days } giorni per sapere se ha ricevuto aiuto?
follow-up-yes = Sì
follow-up-no = No, grazie
follow-up-scheduled = Grazie. La ricontatteremo tra { $days } giorni.
follow-up-declined = Va bene, non La contatteremo.
thanks-reply = Prego. Si prenda cura di sé, e ci scriva quando vuole.
goodbye = Si prenda cura di sé. Può scriverci quando vuole; il 211 è gratuito e riservato.

## Handoff

handoff-queued = La sto mettendo in contatto con una persona. Lei è il numero { $position } in coda; l'attesa è di circa { $minutes } minuti. Rimanga qui.
handoff-after-hours = I nostri operatori sono disponibili { $hours }. Una persona Le risponderà qui in quell'orario.
handoff-follow-up = Vuole che un operatore La contatti quando saremo di nuovo disponibili?
handoff-returned = È di nuovo con l'assistente del 211. In che altro posso aiutarLa?

## Crisis (always available)

crisis = Se è in pericolo ora, chiami il 911. Se pensa al suicidio, chiami o scriva al 9-8-8, a qualsiasi ora. { $lines } La sto mettendo in contatto con una persona.
crisis-lines = Assaulted Women's Helpline (donne vittime di violenza): 1-866-863-0511. Kids Help Phone (bambini e ragazzi): 1-800-668-6868.

## Need names

need-food = cibo
need-shelter = un posto per dormire stanotte
need-housing = casa e alloggio
need-utilities = bollette e utenze
need-income = soldi e sussidi
need-employment = lavoro e formazione
need-health = assistenza sanitaria
need-mental_health = sostegno per la salute mentale
need-substance_use = dipendenze e uso di sostanze
need-abuse_violence = protezione da abusi o violenza
need-legal = aiuto legale
need-newcomers = nuovi arrivati
need-seniors = anziani
need-disability = sostegno per la disabilità
need-family_children = famiglie e bambini
need-transportation = trasporti
need-material_goods = vestiti e articoli per la casa
need-education = scuola e formazione scolastica
need-other = altri tipi di aiuto

## Weekdays (for hours)

day-mon = lun
day-tue = mar
day-wed = mer
day-thu = gio
day-fri = ven
day-sat = sab
day-sun = dom

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Salve, mi chiamo { $name } e sono un operatore del 211. Ho letto la sua conversazione. Come posso aiutarla?
navigator-canned-still-there = È ancora lì? Si prenda il suo tempo; sono qui quando è pronto/a.
navigator-canned-closing = Grazie per aver contattato il 211. Se ha bisogno d'altro, scriva pure in qualsiasi momento.
