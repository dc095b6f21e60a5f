# Frontdoor dialogue texts, Spanish. Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = español

## First contact

welcome = Hola, este es el 211. Es gratis y confidencial. Puedo ayudarle a encontrar comida, vivienda, salud, dinero y otros servicios cerca de usted. También puede hablar con una persona { $hours }.
welcome-sms-stop = Responda STOP para dejar de recibir mensajes.
hours-always = las 24 horas, todos los días
hours-range = { $days } de { $opens } a { $closes }
ask-need = ¿Con qué necesita ayuda hoy? Dígamelo en pocas palabras.
capabilities = Puedo encontrar servicios cerca de usted para: comida, refugio, vivienda, facturas, dinero, empleo, salud, salud mental, adicciones, abuso y seguridad, ayuda legal, recién llegados, personas mayores, discapacidad, familias, transporte, ropa y escuela. Dígame qué necesita o pida hablar con una persona.

## Language

confirm-language = Creo que usted escribe en { $language }. ¿Seguimos en { $language }?
language-yes = Sí
language-no = No, en inglés (English)
language-switched = De acuerdo, le escribiré en { $language }.
language-unsupported = Todavía no puedo escribir en su idioma. Voy a pedir a una persona que le ayude, con un intérprete.

## Need

clarify-need = Quiero asegurarme de entenderle bien. ¿Qué se acerca más?
clarify-other = Otra cosa
not-understood = Perdón, no entendí. ¿Puede decirme en pocas palabras con qué necesita ayuda? Por ejemplo: "comida", "alquiler" o "un médico".
media-not-read = Perdón, solo puedo leer texto, no fotos ni otros archivos. Escríbame con palabras qué necesita. ¿Está en peligro? Llame al 911.
offer-navigator = No sé si le entiendo bien. ¿Quiere hablar con una persona?
navigator-yes = Sí, con una persona
navigator-no = No, lo intento de nuevo

## Location

ask-location = ¿Dónde se encuentra? Envíe su código postal, su ciudad o su barrio.
ask-location-web = ¿Dónde se encuentra? Envíe su código postal, ciudad o barrio, o use el botón de ubicación.
location-not-found = No encontré ese lugar en Ontario. Pruebe con su código postal (por ejemplo K1P 1J1) o su ciudad.
location-set = Gracias, buscaré cerca de { $place }.

## Referrals

referrals-intro = Estos son servicios de { $need } cerca de { $place }:
referrals-intro-anywhere = Estos son servicios de { $need }:
referral-open = abierto ahora
referral-closed = cerrado ahora
referral-distance = { $km } km
referrals-more-hint = Responda un número para ver detalles, MÁS para otras opciones, o dígame qué más necesita.
referral-details = { $name } ({ $organization }). Teléfono: { $phone }. Domicilio: { $address }. Horario: { $hours }.
referral-unknown = no disponible
no-more-referrals = Esos son todos los servicios que encontré. Una persona puede seguir buscando con usted: responda PERSONA.
no-match = Lo siento, no encontré un servicio de { $need } cerca de { $place }. Anoté esta necesidad para que la línea de ayuda lo sepa. ¿Quiere hablar con una persona?
anything-else = ¿Hay algo más en que pueda ayudarle?

## Follow-up and goodbye

follow-up-offer = ¿Podemos contactarle en { $days } días para saber si recibió ayuda?
follow-up-yes = Sí
follow-up-no = No, gracias
follow-up-scheduled = Gracias. Le contactaremos en { $days } días.
follow-up-declined = De acuerdo, no le contactaremos.
thanks-reply = De nada. Cuídese, y escríbanos cuando quiera.
goodbye = Cuídese. Puede escribirnos cuando quiera; el 211 es gratis y confidencial.

## Handoff

handoff-queued = Le estoy conectando con una persona. Usted es el número { $position } en la fila; puede tardar unos { $minutes } minutos. Por favor, espere aquí.
handoff-after-hours = Nuestro personal está disponible { $hours }. Una persona le responderá aquí en ese horario.
handoff-follow-up = ¿Quiere que alguien de nuestro personal le contacte cuando vuelva?
handoff-returned = Está de nuevo con el asistente del 211. ¿En qué más puedo ayudarle?

## Crisis (always available)

crisis = Si está en peligro ahora, llame al 911. Si piensa en el suicidio, llame o escriba al 9-8-8, a cualquier hora. { $lines } Le estoy conectando con una persona.
crisis-lines = Assaulted Women's Helpline (mujeres víctimas de violencia): 1-866-863-0511. Kids Help Phone (niños y jóvenes): 1-800-668-6868.

## Need names

need-food = comida
need-shelter = alojamiento para esta noche
need-housing = vivienda
need-utilities = facturas y servicios básicos
need-income = dinero y beneficios
need-employment = empleo y capacitación
need-health = atención médica
need-mental_health = apoyo en salud mental
need-substance_use = adicciones y consumo de sustancias
need-abuse_violence = protección contra el abuso o la violencia
need-legal = ayuda legal
need-newcomers = apoyo a recién llegados
need-seniors = atención a personas mayores
need-disability = apoyo por discapacidad
need-family_children = apoyo a familias y niños
need-transportation = transporte
need-material_goods = ropa y artículos para el hogar
need-education = educación y escuela
need-other = otro tipo

## Weekdays (for hours)

day-mon = lun
day-tue = mar
day-wed = mié
day-thu = jue
day-fri = vie
day-sat = sáb
day-sun = dom

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Hola, me llamo { $name } y soy orientador/a de 211. Leí su conversación hasta ahora. ¿Cómo puedo ayudarle?
navigator-canned-still-there = ¿Sigue ahí? Tómese su tiempo; aquí estoy cuando esté listo/a.
navigator-canned-closing = Gracias por comunicarse con 211. Si necesita algo más, escríbanos cuando quiera.
