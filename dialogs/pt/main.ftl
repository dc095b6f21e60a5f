# Frontdoor dialogue texts, Portuguese (wording that reads well to European/Azorean and Brazilian
# speakers alike). Translated from en/main.ftl: same ids, same placeables.
# Texts are plain (no Markdown). Keep SMS variants short: one SMS segment is 160 GSM characters.

self-name = português

## First contact

welcome = Olá, aqui é o 211: gratuito e confidencial. Ajudo a encontrar comida, casa, saúde, dinheiro e outros serviços perto de si. Uma pessoa atende { $hours }.
welcome-sms-stop = Responda STOP para deixar de receber mensagens.
hours-always = 24 horas por dia, todos os dias
hours-range = { $days } das { $opens } às { $closes }
ask-need = Em que podemos ajudar hoje? Diga em poucas palavras.
capabilities = Posso encontrar serviços perto de si para: comida, abrigo, habitação, contas, dinheiro, emprego, saúde, saúde mental, dependências, abuso e segurança, ajuda jurídica, recém-chegados, idosos, deficiência, famílias, transporte, roupa e escola. Diga o que precisa, ou peça para falar com uma pessoa.

## Language

confirm-language = Parece que a sua mensagem está em { $language }. Continuamos em { $language }?
language-yes = Sim
language-no = Não, em inglês (English)
language-switched = Está bem, vou escrever em { $language }.
language-unsupported = Ainda não consigo escrever na sua língua. Vou pedir a uma pessoa que ajude, com um intérprete.

## Need

clarify-need = Quero ter a certeza de que entendi bem. O que se aproxima mais?
clarify-other = Outra coisa
not-understood = Desculpe, não entendi. Pode dizer em poucas palavras do que precisa? Por exemplo: "comida", "renda" ou "um médico".
media-not-read = Desculpe, só consigo ler texto, não fotos nem outros arquivos. Escreva em palavras do que precisa. Em perigo? Ligue para o 911.
offer-navigator = Não tenho a certeza de que entendi. Quer falar com uma pessoa?
navigator-yes = Sim, uma pessoa
navigator-no = Não, vou tentar de novo

## Location

ask-location = Onde está? Envie o seu código postal, a sua cidade ou o seu bairro.
ask-location-web = Onde está? Envie o seu código postal, cidade ou bairro, ou use o botão de localização.
location-not-found = Não encontrei esse lugar no Ontário. Tente o seu código postal (por exemplo K1P 1J1) ou a sua cidade.
location-set = Certo, vou procurar perto de { $place }.

## Referrals

referrals-intro = Aqui estão serviços de { $need } perto de { $place }:
referrals-intro-anywhere = Aqui estão serviços de { $need }:
referral-open = aberto agora
referral-closed = fechado agora
referral-distance = { $km } km
referrals-more-hint = Responda um número para ver detalhes, MAIS para outras opções, ou diga o que mais precisa.
referral-details = { $name } ({ $organization }). Telefone: { $phone }. Local: { $address }. Funcionamento: { $hours }.
referral-unknown = não indicado
no-more-referrals = Estes são todos os serviços que encontrei. Uma pessoa pode continuar a procurar consigo: responda PESSOA.
no-match = Lamento, não encontrei um serviço de { $need } perto de { $place }. Registei esta necessidade para que a linha de apoio saiba. Quer falar com uma pessoa?
anything-else = Posso ajudar com mais alguma coisa?

## Follow-up and goodbye

follow-up-offer = Podemos voltar a contactar dentro de { $days } dias para saber se recebeu ajuda?
follow-up-yes = Sim
follow-up-no = Não, obrigado
follow-up-scheduled = Agradecemos. Voltaremos a entrar em contacto dentro de { $days } dias.
follow-up-declined = Está bem, não vamos entrar em contacto.
thanks-reply = De nada. Cuide-se, e escreva sempre que precisar.
goodbye = Cuide-se. Pode escrever sempre que quiser; o 211 é gratuito e confidencial.

## Handoff

handoff-queued = Vou passar a conversa para uma pessoa. Tem o número { $position } na fila; pode demorar cerca de { $minutes } minutos. Fique por aqui.
handoff-after-hours = A nossa equipa está disponível { $hours }. Uma pessoa responderá aqui nesse horário.
handoff-follow-up = Quer que alguém da nossa equipa entre em contacto quando voltar?
handoff-returned = Voltou ao assistente do 211. Em que mais posso ajudar?

## Crisis (always available)

crisis = Se está em perigo agora, ligue 911. Se pensa em suicídio, ligue ou envie SMS para 9-8-8, a qualquer hora. { $lines } Vou chamar uma pessoa agora.
crisis-lines = Assaulted Women's Helpline (mulheres vítimas de violência): 1-866-863-0511. Kids Help Phone (crianças e jovens): 1-800-668-6868.

## Need names

need-food = comida
need-shelter = alojamento para esta noite
need-housing = habitação
need-utilities = contas de casa (luz, água, gás)
need-income = dinheiro e apoios
need-employment = emprego e formação
need-health = cuidados de saúde
need-mental_health = apoio de saúde mental
need-substance_use = dependências e consumo de substâncias
need-abuse_violence = proteção contra abuso ou violência
need-legal = ajuda jurídica
need-newcomers = apoio a recém-chegados
need-seniors = apoio a idosos
need-disability = apoio a pessoas com deficiência
need-family_children = apoio a famílias e crianças
need-transportation = transporte
need-material_goods = roupa e artigos para a casa
need-education = escola e aprendizagem
need-other = outro tipo

## Weekdays (for hours)

day-mon = seg
day-tue = ter
day-wed = qua
day-thu = qui
day-fri = sex
day-sat = sáb
day-sun = dom

# Canned responses navigators insert from the inbox.
navigator-canned-greeting = Olá, meu nome é { $name } e sou orientador(a) do 211. Li a sua conversa até agora. Como posso ajudar?
navigator-canned-still-there = Você ainda está aí? Sem pressa; estou aqui quando estiver pronto(a).
navigator-canned-closing = Obrigado por entrar em contato com o 211. Se precisar de mais alguma coisa, escreva a qualquer momento.
