//! The example content `init --language` writes for the languages the
//! default theme has strings for besides English: the same report (a
//! council vote on a harbour, with an entity, a source, two claims and a
//! chart) written in Spanish, French and Portuguese, so that a new site
//! reads in one language from the first build.
//!
//! Ids, file names and the bundle's folder are in the language too: they
//! become the site's URLs.

/// A site's starting content in one language.
pub(super) struct Starter {
    /// `title` and `description` of dossier.yaml.
    pub title: &'static str,
    pub description: &'static str,
    /// The report bundle's folder under `content/` (its URL).
    pub report_dir: &'static str,
    pub report: &'static str,
    /// The chart's file name in the bundle, and its texts: the SVG's
    /// `<title>`, then the labels of its two bars.
    pub chart_file: &'static str,
    pub chart: [&'static str; 3],
    /// The title and institution of the study in refs.bib.
    pub study: [&'static str; 2],
    /// The registry entity and source the report refers to: id, file.
    pub entity: (&'static str, &'static str),
    pub source: (&'static str, &'static str),
}

/// The starter for a language tag's base language (`es-MX` → Spanish),
/// if dossier has one other than English.
pub(super) fn for_language(tag: &str) -> Option<&'static Starter> {
    let base = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
    match base.as_str() {
        "es" => Some(&SPANISH),
        "fr" => Some(&FRENCH),
        "pt" => Some(&PORTUGUESE),
        _ => None,
    }
}

/// The bar chart of the vote (seven for, six against) with `texts`:
/// title, the first bar's label, the second's.
pub(super) fn chart(texts: [&str; 3]) -> String {
    let [title, yes, no] = texts;
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160" viewBox="0 0 480 160" role="img" aria-labelledby="t">
  <title id="t">{title}</title>
  <rect width="480" height="160" fill="#fcfcfa"/>
  <g font-family="system-ui, sans-serif" font-size="16" fill="#1c1c1c">
    <text x="16" y="58">{yes}</text>
    <text x="16" y="118">{no}</text>
  </g>
  <rect x="112" y="36" width="292" height="32" fill="#1b4f8a"/>
  <rect x="112" y="96" width="250" height="32" fill="#8c3a00"/>
  <g font-family="system-ui, sans-serif" font-size="16" font-weight="bold">
    <text x="412" y="58" fill="#1c1c1c">7</text>
    <text x="370" y="118" fill="#1c1c1c">6</text>
  </g>
</svg>
"##
    )
}

static SPANISH: Starter = Starter {
    title: "Mis informes",
    description: "Informes anotados",
    report_dir: "ampliacion-del-puerto",
    report: r#"---
title: El concejo aprueba la ampliación del puerto en una votación dividida
date: 2024-03-14
authors: [Redacción local]
summary: El concejo municipal aprobó la ampliación del puerto; los vecinos cuestionan las cifras de tráfico.
tags: [ciudad, infraestructuras]

entities:
  autoridad-portuaria:                 # definida en content/entities/autoridad-portuaria.md
  concejo-municipal:
    name: Concejo Municipal
    type: organization
    aliases: [el concejo]

sources:
  acta-del-pleno:                      # definida en content/sources/acta-del-pleno.md
  carta-vecinal:
    title: Carta abierta de la asociación de vecinos de la Ribera
    type: official-statement
    date: 2024-03-10

claims:
  votacion-aprobada:
    text: El concejo aprobó la ampliación por siete votos contra seis.
    status: verified
    sources: [acta-del-pleno]
    entities: [concejo-municipal]
    date: 2024-03-13
  trafico-doble:
    text: El tráfico de camiones en la avenida de la Ribera se duplicará.
    status: disputed
    sources: [carta-vecinal]
    entities: [autoridad-portuaria]
---

El Concejo Municipal [aprobó la ampliación del puerto por un solo voto](claim:votacion-aprobada)
[@acta-del-pleno, p. 4]. La Autoridad Portuaria, que la había pedido, dijo
que llegaba con retraso.[^1]

![Gráfico de barras: siete votos a favor de la ampliación y seis en contra](votacion.svg "Cómo votó el concejo el 13 de marzo de 2024 [Gráfico: Redacción local]")

Los vecinos dicen que [el tráfico de camiones se duplicará](claim:trafico-doble); el
concejo no publicó una estimación propia [@carta-vecinal; @acta-del-pleno], y
un estudio regional prevé un aumento de un tercio [@harbourstudy2023, p. 12].
Más sobre la [[autoridad-portuaria]], [[autoridad-portuaria|quien gestiona el puerto]]
o [los planes de la autoridad](entity:autoridad-portuaria).

```yaml
# Los bloques de código se resaltan: los atraques que pide la autoridad.
atraques: 4
calado_m: 14.5
```

[^1]: La autoridad propuso la ampliación por primera vez en 2019.
"#,
    chart_file: "votacion.svg",
    chart: [
        "Votación del concejo sobre la ampliación del puerto: 7 a favor, 6 en contra",
        "A favor",
        "En contra",
    ],
    study: [
        "Tráfico de camiones y crecimiento portuario: un estudio regional",
        "Instituto de Transporte Costero",
    ],
    entity: (
        "autoridad-portuaria",
        r#"---
name: Autoridad Portuaria
type: organization
aliases: [la autoridad]
description: El organismo público que gestiona el puerto de la ciudad.
---

La Autoridad Portuaria administra los atraques del puerto y sus planes de ampliación.
"#,
    ),
    source: (
        "acta-del-pleno",
        r#"---
title: Acta del pleno del Concejo Municipal del 13 de marzo de 2024
publisher: Concejo Municipal
type: official-statement
date: 2024-03-13
---

El registro oficial de la votación.
"#,
    ),
};

static FRENCH: Starter = Starter {
    title: "Mes enquêtes",
    description: "Des enquêtes annotées",
    report_dir: "extension-du-port",
    report: r#"---
title: Le conseil approuve l’extension du port après un vote serré
date: 2024-03-14
authors: [Rédaction locale]
summary: Le conseil municipal a approuvé l’extension du port ; les riverains contestent les chiffres du trafic.
tags: [ville, infrastructures]

entities:
  autorite-portuaire:                  # définie dans content/entities/autorite-portuaire.md
  conseil-municipal:
    name: Conseil municipal
    type: organization
    aliases: [le conseil]

sources:
  proces-verbal:                       # défini dans content/sources/proces-verbal.md
  lettre-riverains:
    title: Lettre ouverte de l’association des riverains de la Rive
    type: official-statement
    date: 2024-03-10

claims:
  vote-acquis:
    text: Le conseil a approuvé l’extension par sept voix contre six.
    status: verified
    sources: [proces-verbal]
    entities: [conseil-municipal]
    date: 2024-03-13
  trafic-double:
    text: Le trafic de camions sur la route de la Rive va doubler.
    status: disputed
    sources: [lettre-riverains]
    entities: [autorite-portuaire]
---

Le conseil municipal [a approuvé l’extension du port à une voix près](claim:vote-acquis)
[@proces-verbal, p. 4]. L’Autorité portuaire, qui la demandait, l’a jugée
trop tardive.[^1]

![Diagramme en barres : sept voix pour l’extension, six contre](vote.svg "Le vote du conseil du 13 mars 2024 [Graphique : Rédaction locale]")

Les riverains affirment que [le trafic de camions va doubler](claim:trafic-double) ;
le conseil n’a publié aucune estimation [@lettre-riverains; @proces-verbal], et
une étude régionale prévoit une hausse d’un tiers [@harbourstudy2023, p. 12].
En savoir plus sur l’[[autorite-portuaire]], [[autorite-portuaire|l’exploitant du port]]
ou [les projets de l’autorité](entity:autorite-portuaire).

```yaml
# Les blocs de code sont colorés : les postes à quai demandés par l’autorité.
postes: 4
tirant_d_eau_m: 14.5
```

[^1]: L’autorité a proposé l’extension pour la première fois en 2019.
"#,
    chart_file: "vote.svg",
    chart: [
        "Vote du conseil sur l’extension du port : 7 pour, 6 contre",
        "Pour",
        "Contre",
    ],
    study: [
        "Trafic de camions et croissance portuaire : une étude régionale",
        "Institut des transports côtiers",
    ],
    entity: (
        "autorite-portuaire",
        r#"---
name: Autorité portuaire
type: organization
aliases: [l’autorité]
description: L’établissement public qui exploite le port de la ville.
---

L’Autorité portuaire gère les postes à quai du port et ses projets d’extension.
"#,
    ),
    source: (
        "proces-verbal",
        r#"---
title: Procès-verbal de la séance du conseil municipal du 13 mars 2024
publisher: Conseil municipal
type: official-statement
date: 2024-03-13
---

Le compte rendu officiel du vote.
"#,
    ),
};

static PORTUGUESE: Starter = Starter {
    title: "As minhas reportagens",
    description: "Reportagens anotadas",
    report_dir: "ampliacao-do-porto",
    report: r#"---
title: Câmara aprova a ampliação do porto numa votação dividida
date: 2024-03-14
authors: [Redação local]
summary: A câmara municipal aprovou a ampliação do porto; os moradores contestam os números do trânsito.
tags: [cidade, infraestruturas]

entities:
  autoridade-portuaria:                # definida em content/entities/autoridade-portuaria.md
  camara-municipal:
    name: Câmara Municipal
    type: organization
    aliases: [a câmara]

sources:
  ata-da-sessao:                       # definida em content/sources/ata-da-sessao.md
  carta-moradores:
    title: Carta aberta da associação de moradores da Ribeira
    type: official-statement
    date: 2024-03-10

claims:
  votacao-aprovada:
    text: A câmara aprovou a ampliação por sete votos contra seis.
    status: verified
    sources: [ata-da-sessao]
    entities: [camara-municipal]
    date: 2024-03-13
  transito-duplica:
    text: O trânsito de camiões na estrada da Ribeira vai duplicar.
    status: disputed
    sources: [carta-moradores]
    entities: [autoridade-portuaria]
---

A Câmara Municipal [aprovou a ampliação do porto por um único voto](claim:votacao-aprovada)
[@ata-da-sessao, p. 4]. A Autoridade Portuária, que a tinha pedido, disse que
chegava tarde.[^1]

![Gráfico de barras: sete votos a favor da ampliação e seis contra](votacao.svg "Como votou a câmara a 13 de março de 2024 [Gráfico: Redação local]")

Os moradores dizem que [o trânsito de camiões vai duplicar](claim:transito-duplica); a
câmara não publicou uma estimativa própria [@carta-moradores; @ata-da-sessao], e
um estudo regional prevê um aumento de um terço [@harbourstudy2023, p. 12].
Saiba mais sobre a [[autoridade-portuaria]], [[autoridade-portuaria|quem gere o porto]]
ou [os planos da autoridade](entity:autoridade-portuaria).

```yaml
# Os blocos de código são realçados: os cais que a autoridade pede.
cais: 4
calado_m: 14.5
```

[^1]: A autoridade propôs a ampliação pela primeira vez em 2019.
"#,
    chart_file: "votacao.svg",
    chart: [
        "Votação da câmara sobre a ampliação do porto: 7 a favor, 6 contra",
        "A favor",
        "Contra",
    ],
    study: [
        "Trânsito de camiões e crescimento portuário: um estudo regional",
        "Instituto de Transportes Costeiros",
    ],
    entity: (
        "autoridade-portuaria",
        r#"---
name: Autoridade Portuária
type: organization
aliases: [a autoridade]
description: O organismo público que gere o porto da cidade.
---

A Autoridade Portuária administra os cais do porto e os seus planos de ampliação.
"#,
    ),
    source: (
        "ata-da-sessao",
        r#"---
title: Ata da sessão da Câmara Municipal de 13 de março de 2024
publisher: Câmara Municipal
type: official-statement
date: 2024-03-13
---

O registo oficial da votação.
"#,
    ),
};
