"""The fact checker: true statements are never flagged, false ones are flagged with the right fact.

The tables are single sentences (or two, when a later one points back with "it" or "a year later"), written the way
students write. Precision matters more than recall, so the TRUE table is the larger one and includes the traps:
a right date for a second event in the same sentence, hedges, negations and vague dates.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marker.dataset import load_annotated
from marker.evaluate import error_metrics
from marker.facts import FactFlag, check_facts, date_matches, parse_dates
from marker.nlp import analyse
from marker.report import Report
from marker.rubric import DateSpec, Rubric, load_rubric

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "rubrics" / "soviet-foreign-policy-1924-41.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


RUBRIC: Rubric = load_rubric(SHIPPED)


def flags_for(text: str) -> tuple[FactFlag, ...]:
    return check_facts(analyse(text), RUBRIC)


TRUE_STATEMENTS = [
    # Two facts whose frames read the same words: the date decides (1920 is the Polish-Soviet War, not 1939).
    "Lenin's Red Army invaded Poland in 1920 and got as far as the outskirts of Warsaw.",
    "The USSR joined the League of Nations in 1934, and after Munich Stalin gave up on it.",
    "After Munich the Western powers lost the trust they had built since the Franco-Soviet Pact.",
    # Nazi-Soviet Pact, many phrasings and date forms
    "The Nazi-Soviet Pact was signed on 23 August 1939.",
    "On 23rd Aug 1939 Molotov and Ribbentrop signed the Nazi-Soviet Pact in Moscow.",
    "In August '39 Stalin made a deal with Hitler.",
    "The Molotov-Ribbentrop Pact of 1939 shocked the world.",
    "In late August 1939 the USSR signed a non-aggression pact with Germany.",
    "In the summer of 1939 Stalin signed a pact with Hitler.",
    "The Nazi-Soviet Pact was signed by Molotov and Ribbentrop.",
    "Stalin signed the pact with Hitler in 1939 because he did not trust the West.",
    "After Munich in 1938, Stalin signed the pact with Hitler in 1939.",
    "The Molotov-Ribentrop Pact was agreed in August 1939.",
    "In the 1930s Stalin made a deal with the Nazis.",
    "By 1940 the pact with Hitler had given Stalin a buffer zone.",
    "The Nazi-Soviet Pact (1939) divided Poland.",
    "The deal with Berlin in August 1939 gave Stalin time.",
    "Some historians claim the Nazi-Soviet Pact was signed in 1938.",
    "The Nazi-Soviet Pact was not signed in 1938 but in 1939.",
    "If Stalin had signed the pact with Hitler in 1938, Munich might have been different.",
    "The Nazi-Soviet Pact came a week before Germany invaded Poland.",
    "Stalin and Hitler signed the Nazi-Soviet Pact in 1939.",
    "In 1939 the USSR and Germany signed the Nazi-Soviet Pact, and in 1941 Germany invaded the USSR.",
    "Stalin signed the Nazi-Soviet Pact with Hitler in 1939 and Germany invaded in 1941.",
    "Was the Nazi-Soviet Pact signed in 1938?",
    "The pact was signed in Moscow by Litvinov and Ribbentrop.",  # no referent for "the pact": abstain
    "The Nazi-Soviet Pact was possibly signed in 1938.",
    # League of Nations
    "The USSR joined the League of Nations in September 1934.",
    "It was not until 1934 that the USSR joined the League of Nations.",
    "In 1934 the Soviet Union joined the League, a year after Germany left it.",
    "The Soviets joined the League of Nations in the mid-1930s.",
    "The USSR joined the League in 1934 and was expelled in December 1939.",
    "The USSR was expelled from the League of Nations in December 1939 after attacking Finland.",
    "Germany left the League of Nations in October 1933.",
    "Hitler took Germany out of the League in 1933, and the USSR joined it in 1934.",
    "The USSR joined the League after Hitler came to power.",
    "The USSR joined the League before the Munich Agreement.",
    "By 1935 the USSR had joined the League of Nations.",
    "The USSR joined the League of Nations in 1934 (though negotiations began in 1933).",
    # Franco-Soviet and Czech pacts
    "The Franco-Soviet Pact was signed in May 1935.",
    "The Franco-Soviet pact was ratified by France in 1936.",
    "The Franco-Soviet Pact was signed in 1935 and ratified in February 1936.",
    "In 1935 the USSR signed a mutual assistance pact with France.",
    "The USSR signed treaties with France and Czechoslovakia in 1935.",
    "The Soviet-Czechoslovak Treaty of May 1935 only required Soviet help if France acted first.",
    "In 1935 Stalin signed a pact with France as well as Czechoslovakia.",
    "The Franco-Soviet pact was signed before the Rhineland was remilitarised.",
    # Munich
    "The Munich Agreement was signed in September 1938.",
    "At Munich in 1938 Britain and France gave the Sudetenland to Hitler.",
    "The USSR was not invited to the Munich Conference in 1938.",
    "Munich was agreed without the USSR or Czechoslovakia.",
    "Chamberlain and Daladier signed the Munich Agreement with Hitler and Mussolini.",
    "Chamberlin signed the Munich agreement in 1938.",
    "The Soviet Union was left out of the Munich conference.",
    "In late 1938 a conference was held in Munich and no one thought to invite Stalin.",
    "The Munich Agreement, which was signed in September 1938, excluded Stalin.",
    # Khalkhin Gol and Lake Khasan
    "The Soviets beat the Japanese at Khalkhin Gol in 1939.",
    "The Soviet army under Zhukov beat the Japanese at Khalkhin Gol in August 1939.",
    "At Khalkin Gol in 1939 the Red Army defeated Japan.",
    "The Battle of Lake Khasan in 1938 was fought against Japan.",
    "At Khalkhin Gol the Soviets fought the Japanese, not the Germans.",
    # Barbarossa
    "Germany invaded the USSR on 22 June 1941.",
    "Operation Barbarossa began in June 1941.",
    "Hitler attacked the USSR in 1941.",
    "In June of 41 Germany invaded the Soviet Union.",
    "Germany did not invade the USSR until 1941.",
    "Operation Barbarossa was launched in the summer of 1941.",
    # People and offices
    "Molotov replaced Litvinov as Foreign Commissar in May 1939.",
    "In May 1939 Litvinov was sacked and Molotov took over.",
    "Litvinov was Commissar for Foreign Affairs from 1930 to 1939.",
    "Maxim Litvinov, the Soviet People's Commissar for Foreign Affairs from 1930 to 1939, believed in collective security.",
    "Litvinov became foreign minister in 1930.",
    "In 1936 Litvinov, the foreign minister, spoke at Geneva.",
    "Molotov visited Berlin in November 1940.",
    "Chicherin was foreign commissar until 1930.",
    # Other dated facts
    "The Treaty of Rapallo was signed with Germany in 1922.",
    "In 1922 the Treaty of Rapallo was signed by Rathenau and Chicherin.",
    "The Treaty of Brest-Litovsk in March 1918 took away huge amounts of land.",
    "Lenin died in January 1924.",
    "Britain recognised the USSR in February 1924.",
    "Britain broke off relations in 1927 after the Arcos raid and restored them in 1929.",
    "Hitler became Chancellor in January 1933.",
    "Hitler came to power in 1933.",
    "The USA recognised the USSR in November 1933.",
    "Japan invaded Manchuria in 1931 and set up Manchukuo in 1932.",
    "Italy invaded Abyssinia in October 1935.",
    "Germany remilitarised the Rhineland in March 1936.",
    "The Spanish Civil War lasted from 1936 to 1939.",
    "The Spanish Civil War (1936-1939) tested Soviet commitment.",
    "The USSR sent tanks and advisers to help the Republicans in the Spanish Civil War.",
    "Germany and Italy helped Franco in the Spanish Civil War.",
    "The Anti-Comintern Pact was signed by Germany and Japan in 1936 and Italy joined in 1937.",
    "The Anschluss with Austria took place in March 1938.",
    "Stalin purged the Red Army in 1937-38.",
    "Tukhachevsky was executed in June 1937 during the purge of the Red Army.",
    "Germany occupied the rest of Czechoslovakia in March 1939.",
    "Britain guaranteed Poland in March 1939.",
    "Germany invaded Poland on 1 September 1939.",
    "The USSR invaded eastern Poland on 17 September 1939.",
    "The Winter War with Finland began in November 1939.",
    "The Winter War lasted from November 1939 to March 1940.",
    "In 1940 the USSR annexed the Baltic states.",
    "The USSR took Bessarabia from Romania in June 1940.",
    "The Soviet-Japanese Neutrality Pact was signed in April 1941.",
    "In April 1941 the USSR signed a neutrality pact with Japan.",
    "The Anglo-German Naval Agreement of 1935 worried Stalin.",
    "Stalin gave his chestnuts speech in March 1939.",
    "Socialism in one country was first set out by Stalin in 1924.",
    "The Popular Front strategy was adopted by the Comintern in 1935.",
    "The German-Polish Non-Aggression Pact was signed in January 1934.",
    "In 1934 Germany signed a non-aggression pact with Poland.",
    "The Sino-Soviet Non-Aggression Pact was signed in August 1937.",
    "The Anglo-French mission arrived in Moscow in August 1939.",
    "The German-Soviet Commercial Agreement was signed on 19 August 1939.",
    "The Boundary and Friendship Treaty was signed in September 1939.",
    # Relative dates
    "Hitler came to power in 1933. A year later the USSR joined the League of Nations.",
    "The Franco-Soviet Pact was signed in May 1935, and the Czech pact was signed two weeks later.",
    "Germany invaded Poland in September 1939. Two years later Germany invaded the USSR.",
    # Sequence
    "After the Munich Agreement, Stalin signed the Nazi-Soviet Pact.",
    "The Nazi-Soviet Pact was signed after the Munich Agreement.",
    "Germany invaded Poland a week after the Nazi-Soviet Pact.",
    "The Rhineland was remilitarised after the Franco-Soviet pact was signed.",
    # Traps: other events' dates, ends of events, appositions, lists
    "In 1939, after years of failed collective security, Stalin signed the Nazi-Soviet Pact.",
    "Stalin, who had purged the army in 1937, signed the pact with Hitler in 1939.",
    "The pact with Hitler, signed in August 1939, gave Stalin two years.",
    "In 1941 Hitler broke the Nazi-Soviet Pact.",
    "The Nazi-Soviet Pact lasted until June 1941.",
    "By 1941 the Nazi-Soviet Pact had failed.",
    "The Spanish Civil War ended in 1939, the same year as the Nazi-Soviet Pact.",
    "Germany invaded Poland on 1 September and the USSR invaded on 17 September 1939.",
    "Britain and France declared war on Germany on 3 September 1939.",
    "Germany attacked Poland in 1939 and France in 1940.",
    "In 1933 Hitler became Chancellor and Germany left the League.",
    "In 1934 the USSR joined the League; in 1935 it signed pacts with France and Czechoslovakia.",
    "Hitler invaded the USSR in 1941, two years after the pact.",
    "Stalin joined the League in 1934, after Hitler came to power in 1933.",
    "Operation Barbarossa, launched in June 1941, caught Stalin by surprise.",
    "The Soviet invasion of Finland in November 1939 started the Winter War.",
    "In 1936 the Anti-Comintern Pact was signed, and Italy joined in 1937.",
    "Molotov signed the pact, having replaced Litvinov in May 1939.",
    "From 1936 to 1939 the USSR helped the Spanish Republicans.",
    "Poland refused to let the Red Army cross its territory in 1939.",
    "Poland would not let the Red Army go through its land.",
    "At Munich the French leader Daladier and Chamberlain gave way to Hitler.",
    "Litvinov, who was Jewish, was replaced by Molotov in May 1939.",
    "The USSR was expelled from the League in December 1939 for attacking Finland.",
    "In 1937 Stalin purged the Red Army, executing Tukhachevsky.",
    "The Munich Agreement of 1938 was a turning point and the Nazi-Soviet Pact followed in 1939.",
    "Stalin signed the Nazi-Soviet Pact in 1939, three years after the Rhineland.",
    "Hitler had come to power in 1933 and started rearming.",
    "Stalin signed a non-aggression pact with Germany in August 1939 and a neutrality pact with Japan in April 1941.",
    "The Soviet Union invaded Poland on 17 September, sixteen days after Germany.",
    "By the summer of 1940 the Baltic states had been annexed.",
    "Stalin believed Britain and France wanted Germany to attack the USSR after Munich.",
    "Germany attacked the USSR in 1941, ending the pact.",
    "Litvinov was replaced by Molotov, who signed the pact in August 1939.",
    "Germany invaded the USSR in 1941 even though the Nazi-Soviet Pact had been signed in 1939.",
    "Japan was defeated at Khalkhin Gol in 1939 by Zhukov.",
    "The USSR signed a mutual assistance treaty with France in May 1935 and with Czechoslovakia later that month.",
    "Britain's guarantee to Poland in March 1939 made war more likely.",
    "The Spanish Civil War broke out in July 1936.",
    "In 1938 Germany took Austria and then the Sudetenland.",
    "In March 1939 Hitler marched into Prague.",
    "Hitler marched into the Rhineland in 1936.",
    "Japan attacked China in 1937, so the USSR signed a pact with China.",
    "The Treaty of Berlin in 1926 renewed Rapallo.",
    "The USSR was invaded in June 1941.",
    "Stalin's chestnuts speech of March 1939 warned the West.",
    "France did not ratify the Franco-Soviet pact until February 1936.",
    "Britain made its own naval deal with Hitler in June 1935.",
    "The Munich Agreement was signed without the USSR, and Stalin concluded that the West could not be trusted.",
    "When the civil war started the USSR sent weapons to help the Republic against Franco.",
    "Japan had already invaded Manchuria in 1931, and in 1937 it invaded the rest of China.",
    "Following the agreement with France, the USSR secured a similar pact with Czechoslovakia in May 1935.",
    "The Nazi-Soviet Pact was signed on 24 August 1939.",  # signed in the small hours: a day out is not flagged
    "In May 1939 Molotov took over as foreign minister from Litvinov.",
    "Hitler offered Stalin land. In September 1939 the treaty was signed by Molotov and Ribbentrop.",
    "The USSR, which had joined the League in 1934, was expelled in December 1939.",
    "Stalin and Hitler signed the Nazi-Soviet Pact, and Britain signed the guarantee to Poland.",
    "Italy joined the Anti-Comintern Pact in 1937.",
    "Japan signed the Neutrality Pact with the USSR in April 1941.",
    "Poland signed a non-aggression pact with Germany in 1934.",
    "The USSR joined the Spanish Civil War on the Republican side.",
    "Nazism and Bolshevism were enemies, yet in 1939 Stalin signed a pact with Hitler.",
    # Outcome
    "The USSR joined the League of Nations to find allies.",
    "The USSR was not yet in the League in 1933.",
    "Germany would not have invaded the USSR if Stalin had prepared.",
    "Hitler did not come to power by force.",
    "The USSR did not join the League because it loved peace but because it feared Hitler.",
    "Germany did not invade Poland until September 1939.",
]

FALSE_STATEMENTS = [
    # (sentence, fact id, kind)
    ("In 1938 Stalin signed a pact with Hitler which meant they would not fight each other.", "nazi-soviet-pact", "date"),
    ("The Nazi-Soviet Pact of 1941 was a disaster.", "nazi-soviet-pact", "date"),
    ("The Nazi-Soviet Pact was signed in August 1940.", "nazi-soviet-pact", "date"),
    ("The Molotov-Ribbentrop Pact was signed in July 1939.", "nazi-soviet-pact", "date"),
    ("On 23 July 1939 the Nazi-Soviet Pact was signed by Molotov and Ribbentrop.", "nazi-soviet-pact", "date"),
    ("In the spring of 1938 Stalin made a deal with Hitler.", "nazi-soviet-pact", "date"),
    ("The Molotov-Ribentropp Pact of 1937 gave Stalin land.", "nazi-soviet-pact", "date"),
    ("The Nazi Soviet Packt of 1937 gave Stalin land.", "nazi-soviet-pact", "date"),
    ("The Nazi-Soviet Pact was signed in 1938, a year before Germany invaded Poland.", "nazi-soviet-pact", "date"),
    ("Stalin made a deal with Berlin in August 1939. The pact was signed in Moscow by Litvinov and Ribbentrop.",
     "nazi-soviet-pact", "person"),
    ("The Nazi-Soviet Pact was signed by Litvinov and Ribbentrop.", "nazi-soviet-pact", "person"),
    ("Litvinov and Ribbentrop signed the Nazi-Soviet Pact.", "nazi-soviet-pact", "person"),
    ("The Molotov-Ribbentrop Pact was signed by Chicherin.", "nazi-soviet-pact", "person"),
    ("Stalin made a deal with Hitler in August 1939. It was signed by Litvinov and Ribbentrop.", "nazi-soviet-pact", "person"),
    ("The USSR joined the League of Nations in 1933.", "ussr-joins-league", "date"),
    ("The USSR joined the League of Nations in 1929 to find protection.", "ussr-joins-league", "date"),
    ("In 1936 the Soviet Union joined the League.", "ussr-joins-league", "date"),
    ("The 1933 League of Nations Entry", "ussr-joins-league", "date"),
    ("The USSR joined the League in 1934 and was expelled in 1938.", "ussr-joins-league", "date"),
    ("The USSR never joined the League of Nations.", "ussr-joins-league", "outcome"),
    ("The USSR could not be a part of the League.", "ussr-joins-league", "outcome"),
    ("Britain never recognised the USSR.", "british-recognition", "outcome"),
    ("The USSR didn't join the League of Nations.", "ussr-joins-league", "outcome"),
    ("After Munich, Stalin joined the League of Nations.", "ussr-joins-league", "sequence"),
    ("The USSR joined the League of Nations after the Munich Agreement.", "ussr-joins-league", "sequence"),
    ("The USSR joined the League after the Nazi-Soviet Pact.", "ussr-joins-league", "sequence"),
    ("The USSR signed a treaty with France in 1937.", "franco-soviet-pact", "date"),
    ("The Franco-Soviet Pact was signed in 1936.", "franco-soviet-pact", "date"),
    ("In 1934 the USSR signed a pact with France.", "franco-soviet-pact", "date"),
    ("The Franco-Soviet pact was signed in 1935 and ratified in 1937.", "franco-soviet-pact", "date"),
    ("The Franco-Soviet pact was a response to the remilitarisation of the Rhineland.", "rhineland", "sequence"),
    ("In May 1935 the USSR signed a pact with France. This was a direct response to Hitler's rearmament of the Rhineland.", "rhineland", "sequence"),
    ("When Hitler sent troops into the Rhineland, Stalin responded by signing the Franco-Soviet pact.", "rhineland", "sequence"),
    ("The USSR secured a similar pact with Czechoslovakia in June 1935.", "czech-soviet-pact", "date"),
    ("It was 1935 and Stalin would sign a pact with France as well as Czechoslovakia a year later.", "czech-soviet-pact", "date"),
    ("The Soviet-Czechoslovak pact was signed in 1936.", "czech-soviet-pact", "date"),
    ("The Munich Agreement was signed in 1939.", "munich", "date"),
    ("The Munich Conference of 1937 excluded the USSR.", "munich", "date"),
    ("The USSR attended the Munich Conference.", "munich", "side"),
    ("Stalin went to the Munich conference in 1938.", "munich", "side"),
    ("In 1938 there was the Munich Conference, where Britain, France and the USSR all met Hitler.", "munich", "side"),
    ("Britain, France, Germany, Italy and the USSR signed the Munich Agreement.", "munich", "side"),
    ("Czechoslovakia took part in the Munich Conference.", "munich", "side"),
    ("The Munich Agreement was signed in March 1938.", "munich", "date"),
    ("The Soviets beat the Germans at Khalkin Gol.", "khalkhin-gol", "side"),
    ("At Khalkhin Gol the Red Army fought against Germany.", "khalkhin-gol", "side"),
    ("The Battle of Khalkhin Gol in 1941 secured the east.", "khalkhin-gol", "date"),
    ("The Battle of Lake Khasan was fought against the Germans.", "lake-khasan", "side"),
    ("On 22 July 1941 Germany invaded the Soviet Union.", "barbarossa", "date"),
    ("Operation Barbarossa began in 1940.", "barbarossa", "date"),
    ("Hitler attacked the USSR in 1942.", "barbarossa", "date"),
    ("Germany invaded the USSR in June 1942.", "barbarossa", "date"),
    ("Operation Barbarosa was launched in 1939.", "barbarossa", "date"),
    ("The Neutrality Pact with Japan in April 1940 secured the east.", "neutrality-pact", "date"),
    ("The USSR signed a neutrality pact with Japan in 1939.", "neutrality-pact", "date"),
    ("In July 1939 Stalin sacked Litvinov and put Molotov in charge of foreign policy.", "molotov", "date"),
    ("Molotov replaced Litvinov in 1938.", "molotov", "date"),
    ("Litvinov was Commissar for Foreign Affairs from 1925 to 1939.", "litvinov", "date"),
    ("Litvinov became foreign minister in 1933.", "litvinov", "date"),
    ("Chicherin was foreign commissar until 1935.", "chicherin", "date"),
    ("In 1926 the Soviet Union signed the Treaty of Rapallo with Germany.", "rapallo", "date"),
    ("The Treaty of Rapallo of 1924 ended Soviet isolation.", "rapallo", "date"),
    ("In 1922 Trotsky signed the Treaty of Rapallo with Germany.", "rapallo", "person"),
    ("The Treaty of Brest-Litovsk was signed in 1919.", "brest-litovsk", "date"),
    ("Lenin died in 1925.", "lenin-death", "date"),
    ("Hitler became Chancellor in 1932.", "hitler-chancellor", "date"),
    ("Hitler came to power in 1934.", "hitler-chancellor", "date"),
    ("Japan invaded Manchuria in 1933.", "manchuria", "date"),
    ("Italy invaded Abyssinia in 1936.", "abyssinia", "date"),
    ("Germany remilitarised the Rhineland in 1935.", "rhineland", "date"),
    ("The Spanish Civil War began in 1935.", "spanish-civil-war", "date"),
    ("The Spanish Civil War (1935-1939) tested Soviet commitment.", "spanish-civil-war", "date"),
    ("In Spain the USSR and Britain helped the Republicans.", "spanish-civil-war", "side"),
    ("The USSR supported Franco in the Spanish Civil War.", "spanish-civil-war", "side"),
    ("Germany helped the Republicans in Spain.", "spanish-civil-war", "side"),
    ("The Anschluss of Austria in 1937 alarmed Stalin.", "anschluss", "date"),
    ("Germany invaded Poland in August 1939.", "invasion-of-poland", "date"),
    ("The Red Army invaded eastern Poland in October 1939.", "soviet-invasion-of-poland", "date"),
    ("The Winter War with Finland began in 1938.", "winter-war", "date"),
    ("The USSR annexed the Baltic states in 1939.", "baltic-annexation", "date"),
    ("Molotov visited Berlin in 1941.", "molotov-berlin", "date"),
    ("The Anti-Comintern Pact was signed by Germany and Japan in 1935.", "anti-comintern-pact", "date"),
    ("The USA recognised the USSR in 1931.", "us-recognition", "date"),
    ("Britain recognised the USSR in 1922.", "british-recognition", "date"),
    ("The Anglo-German Naval Agreement of 1937 worried Stalin.", "anglo-german-naval", "date"),
    ("Germany left the League of Nations in 1935.", "germany-leaves-league", "date"),
    ("Hitler came to power in 1933. Two years later the USSR joined the League of Nations.", "ussr-joins-league", "date"),
    ("Britain guaranteed Poland in 1938.", "polish-guarantee", "date"),
    ("Germany occupied the rest of Czechoslovakia in 1938.", "prague", "date"),
    ("The Sino-Soviet Non-Aggression Pact was signed in 1935.", "sino-soviet-pact", "date"),
    ("Stalin purged the Red Army in 1934.", "red-army-purge", "date"),
    ("Stalin gave his chestnuts speech in 1938.", "chestnuts-speech", "date"),
    ("Poland agreed to let the Red Army cross its territory in 1939.", "anglo-french-mission", "outcome"),
    ("Poland said it would let the Red Army go through its land.", "anglo-french-mission", "outcome"),
    ("At Munich the British leader Daladier and Hitler decided the fate of Czechoslovakia.", "munich", "person"),
    ("Germany invaded Poland on 3 September 1939.", "invasion-of-poland", "date"),
    ("The USSR was expelled from the League in 1940.", "winter-war", "date"),
    ("Hitler had come to power in 1936 and started rearming.", "hitler-chancellor", "date"),
    ("Stalin signed the Nazi-Soviet Pact in 1939 with Ribbentrop and Litvinov.", "nazi-soviet-pact", "person"),
    ("The Treaty of Berlin was signed in 1922.", "treaty-of-berlin", "date"),
    ("Germany took Austria in 1936.", "anschluss", "date"),
    ("Molotov visited Berlin in 1939.", "molotov-berlin", "date"),
    ("The Red Army under Tukhachevsky won at Khalkhin Gol.", "khalkhin-gol", "person"),
    ("The USSR helped Franco.", "spanish-civil-war", "side"),
    ("Italy helped the Spanish Republicans.", "spanish-civil-war", "side"),
    ('Molotov gave his "chestnuts" speech in 1939.', "chestnuts-speech", "person"),
    ("The Red Army invaded eastern Poland on 1 September 1939.", "soviet-invasion-of-poland", "date"),
    ("After Munich the Soviet Union joined the League of Nations.", "ussr-joins-league", "sequence"),
    ("France never ratified the Franco-Soviet pact.", "franco-soviet-pact", "outcome"),
    ("At the Munich conference in 1938 the Soviet Union sat with Britain, France and Italy.", "munich", "side"),
    ("Litvinov signed the pact with Ribentrop.", "nazi-soviet-pact", "person"),
    ("Hitler signed a pact with Stalin in 1940.", "nazi-soviet-pact", "date"),
    ("Hitler offered Stalin land. On 23 July 1939 the pact was signed by Molotov and Ribbentrop.", "nazi-soviet-pact",
     "date"),
    ("The USSR, which had joined the League in 1936, was expelled in 1939.", "ussr-joins-league", "date"),
    ("Britain and Germany signed the Nazi-Soviet Pact.", "nazi-soviet-pact", "side"),
    ("In 1935 the USSR and Britain signed the Franco-Soviet Pact.", "franco-soviet-pact", "side"),
]


@pytest.mark.parametrize("sentence", TRUE_STATEMENTS)
def test_facts_true_statement_is_not_flagged(sentence: str) -> None:
    assert flags_for(sentence) == ()


@pytest.mark.parametrize(("sentence", "fact", "kind"), FALSE_STATEMENTS)
def test_facts_false_statement_is_flagged_with_its_fact(sentence: str, fact: str, kind: str) -> None:
    flags = flags_for(sentence)
    assert [(f.fact, f.kind) for f in flags] == [(fact, kind)]


def test_facts_tables_are_large_enough() -> None:
    assert len(TRUE_STATEMENTS) + len(FALSE_STATEMENTS) >= 150
    assert {kind for _, _, kind in FALSE_STATEMENTS} == {"date", "person", "side", "sequence", "outcome"}


def test_facts_flag_span_is_the_false_clause() -> None:
    text = "Stalin was worried. In 1938 Stalin signed a pact with Hitler which meant they would not fight each other."
    (flag,) = check_facts(analyse(text), RUBRIC)
    assert text[flag.start : flag.end] == flag.text == "In 1938 Stalin signed a pact with Hitler"
    assert "23 August 1939" in flag.correction
    assert flag.confidence >= RUBRIC.thresholds.fact_confidence


def test_facts_date_tied_to_its_own_event_not_the_neighbour() -> None:
    assert flags_for("After Munich in 1938, Stalin signed the pact with Hitler in 1939.") == ()
    (flag,) = flags_for("After Munich in 1938, Stalin signed the pact with Hitler in 1940.")
    assert flag.fact == "nazi-soviet-pact" and "1940" in flag.text


def test_facts_relative_date_abstains_when_the_dates_before_it_disagree() -> None:
    """"Two years later" counts from an event the writer chose; when the sentence before it dates two events, the
    nearest date need not be that event, so the check abstains rather than flag a true sentence."""
    true_after_first = ("Hitler came to power in 1933 and stayed in power until he died in 1945. "
                        "A year later the USSR joined the League of Nations.")
    assert flags_for(true_after_first) == ()
    wrong_after_both = ("Hitler came to power in 1933 and stayed in power until he died in 1945. "
                        "Two years later the USSR joined the League of Nations.")
    assert flags_for(wrong_after_both) == ()
    (flag,) = flags_for("Hitler came to power in 1933. Two years later the USSR joined the League of Nations.")
    assert flag.fact == "ussr-joins-league"


def test_facts_a_negotiator_the_base_does_not_record_is_no_error_but_a_signatory_is() -> None:
    """A fact records an agreement's signatories and lead negotiators; a minister who began the talks is not among
    them, so "negotiated" with an unrecorded person abstains while "signed" with the same person is still flagged."""
    for sentence in ("Litvinov and Barthou negotiated the Franco-Soviet Pact.",
                     "Barthou negotiated the Franco-Soviet Pact with Litvinov."):
        assert flags_for(sentence) == (), sentence
    assert [f.kind for f in flags_for("Litvinov and Barthou signed the Franco-Soviet Pact.")] == ["person"]
    assert [f.kind for f in flags_for("The Franco-Soviet Pact was signed by Barthou and Litvinov.")] == ["person"]


def test_facts_ratified_versus_signed() -> None:
    assert flags_for("The Franco-Soviet Pact was ratified in 1936.") == ()
    assert [f.fact for f in flags_for("The Franco-Soviet Pact was signed in 1936.")] == ["franco-soviet-pact"]


def test_facts_unverified_fact_never_flags() -> None:
    draft = RUBRIC.model_copy(update={
        "facts": [f.model_copy(update={"verified": False}) for f in RUBRIC.facts],
    })
    assert check_facts(analyse("The Nazi-Soviet Pact was signed in 1941."), draft) == ()


def test_facts_output_is_sorted_and_deterministic() -> None:
    text = ("The USSR joined the League of Nations in 1933. The Nazi-Soviet Pact was signed in 1941. "
            "Germany invaded the USSR in June 1942.")
    first, second = flags_for(text), flags_for(text)
    assert first == second
    assert [f.start for f in first] == sorted(f.start for f in first)
    assert [f.fact for f in first] == ["ussr-joins-league", "nazi-soviet-pact", "barbarossa"]


@pytest.mark.parametrize(("text", "lo", "hi"), [
    ("23rd Aug 1939", "1939-08-23", "1939-08-23"),
    ("August '39", "1939-08-01", "1939-08-31"),
    ("the 1930s", "1930-01-01", "1939-12-31"),
    ("June of 41", "1941-06-01", "1941-06-30"),
    ("from July 1936 to April 1939", "1936-07-01", "1939-04-30"),
    ("by 1940", "0001-01-01", "1940-12-31"),
])
def test_facts_parse_dates_forms(text: str, lo: str, hi: str) -> None:
    (claim,) = parse_dates(text)
    assert (claim.lo.isoformat(), claim.hi.isoformat()) == (lo, hi)


def test_facts_modal_may_is_not_a_month() -> None:
    assert parse_dates("Stalin may 1939 have") == [] or all(d.text != "may 1939" for d in parse_dates("Stalin may 1939 have"))


def test_facts_year_or_month_alone_is_right_for_a_day_precise_fact() -> None:
    spec = DateSpec(start="1939-08-23", precision="day")
    for text in ("1939", "August 1939", "the summer of 1939", "the 1930s"):
        assert date_matches(parse_dates(text)[0], spec) == "ok", text
    assert date_matches(parse_dates("July 1939")[0], spec) == "wrong"


def test_facts_every_fact_reference_names_a_known_entity() -> None:
    names = {e.name for e in RUBRIC.entities}
    for fact in RUBRIC.facts:
        refs = [r.entity for r in fact.actors] + fact.parties + fact.opponents + fact.absent
        refs += [c.name for c in fact.camps] + [b for c in fact.camps for b in c.backers]
        refs += [a for frame in (*fact.frames, *fact.contradictions) for a in frame.agents]
        assert set(refs) <= names, (fact.id, set(refs) - names)


def test_facts_base_holds_every_fact_of_the_spec() -> None:
    spec = ROOT.parent / "shared" / "spec" / "facts.md"  # beside the repo, as on CI
    ids = {"brest-litovsk", "allied-intervention", "anglo-soviet-trade", "rapallo", "lenin-death", "british-recognition",
           "socialism-in-one-country", "treaty-of-berlin", "shanghai-1927", "chicherin", "litvinov", "molotov",
           "manchuria", "hitler-chancellor", "us-recognition", "germany-leaves-league", "german-polish-pact",
           "ussr-joins-league", "german-rearmament", "franco-soviet-pact", "czech-soviet-pact", "anglo-german-naval",
           "popular-front", "abyssinia", "rhineland", "spanish-civil-war", "anti-comintern-pact", "sino-soviet-pact",
           "red-army-purge", "anschluss", "lake-khasan", "munich", "chestnuts-speech", "prague", "polish-guarantee",
           "khalkhin-gol", "anglo-french-mission", "commercial-agreement", "nazi-soviet-pact", "invasion-of-poland",
           "soviet-invasion-of-poland", "boundary-friendship", "baltic-bases", "winter-war", "baltic-annexation",
           "bessarabia", "molotov-berlin", "neutrality-pact", "barbarossa"}
    if spec.exists():
        ids |= {line.split("|")[1].strip() for line in spec.read_text().splitlines()
                if line.startswith("| ") and not line.startswith("| fact id") and "---" not in line}
    facts = RUBRIC.fact_by_id
    assert ids <= set(facts)
    assert all(facts[i].verified and facts[i].date is not None for i in ids)


def error_scores(folder: Path) -> dict:
    """Flags on annotated texts scored as `marker eval` scores them (a flag is right when it overlaps a quote)."""
    items = load_annotated(folder)
    reports = [Report(essay=it.name, rubric=RUBRIC.id, errors=check_facts(analyse(it.text), RUBRIC)) for it in items]
    return error_metrics(items, reports)


def test_facts_seed_documents_flag_their_slips_and_nothing_else() -> None:
    """The source documents' known slips (checked by hand against facts.md) are flagged, and nothing else is."""
    scores = error_scores(FIXTURES / "seeds")
    assert scores["false_flags"] == []
    assert scores["recall"] >= 0.8


def test_facts_development_essays_precision_and_recall_floor() -> None:
    scores = error_scores(ROOT / "sample_essays")
    assert scores["precision"] >= PRECISION_FLOOR, scores["false_flags"]
    assert scores["recall"] >= RECALL_FLOOR


PRECISION_FLOOR = 0.95  # measured 1.00 on 41 essays (39 flags, none false)
RECALL_FLOOR = 0.85  # measured 0.91 (39 of 43 planted errors)


SECOND_TOPIC = FIXTURES / "facts" / "second_topic.yaml"


@pytest.mark.parametrize(("sentence", "fact"), [
    ("Franz Ferdinand was assassinated in Sarajevo. Princip shot Franz Ferdinand in 1913.", "sarajevo"),
    ("The Entente Cordiale of 1907 tied Britain to France.", "entente-cordiale"),
    ("Britain declared war on Germany in 1915.", "britain-declares-war"),
    ("The British declaration of war came after the assassination of Franz Ferdinand.", None),
    ("The Entente Cordiale was signed in 1904.", None),
    ("Britain declared war on Germany in August 1914.", None),
    ("The Nazi-Soviet Pact was signed in 1941.", None),  # another topic's fact is not this rubric's business
])
def test_facts_second_topic_works_from_its_own_yaml(sentence: str, fact: str | None) -> None:
    rubric = load_rubric(SECOND_TOPIC)
    flags = check_facts(analyse(sentence), rubric)
    assert [f.fact for f in flags] == ([fact] if fact else [])


def test_facts_whole_correct_essay_has_no_flags() -> None:
    """A dense, fully correct narrative of 1918-41 (ranges, relative dates, relative clauses, hedges)."""
    text = (FIXTURES / "facts" / "true_essay.txt").read_text(encoding="utf-8")
    assert [(f.fact, f.text) for f in check_facts(analyse(text), RUBRIC)] == []


def test_facts_whole_essay_of_slips_is_flagged_sentence_by_sentence() -> None:
    """The same narrative with one slip per sentence: each flagged once, in order, with its own fact."""
    text = (FIXTURES / "facts" / "false_essay.txt").read_text(encoding="utf-8")
    flags = check_facts(analyse(text), RUBRIC)
    assert [(f.fact, f.kind) for f in flags] == [
        ("lenin-death", "date"), ("rapallo", "date"), ("british-recognition", "date"), ("hitler-chancellor", "date"),
        ("germany-leaves-league", "date"), ("ussr-joins-league", "date"), ("franco-soviet-pact", "date"),
        ("popular-front", "date"), ("abyssinia", "date"), ("rhineland", "date"), ("spanish-civil-war", "date"),
        ("spanish-civil-war", "side"), ("red-army-purge", "date"), ("anschluss", "date"), ("munich", "side"),
        ("lake-khasan", "date"), ("molotov", "date"), ("khalkhin-gol", "date"), ("khalkhin-gol", "side"),
        ("anglo-french-mission", "date"), ("nazi-soviet-pact", "person"), ("invasion-of-poland", "date"),
        ("winter-war", "date"), ("baltic-annexation", "date"), ("neutrality-pact", "date"), ("barbarossa", "date"),
    ]
    assert all(text[f.start : f.end] == f.text and "\n" not in f.text for f in flags)


def test_facts_the_rubric_own_text_reads_as_true() -> None:
    """The fact base's statements and corrections, and every point's description and phrasings, are never flagged:
    a fact base that contradicts itself, or a rubric written against it, shows up here."""
    texts = [t for f in RUBRIC.facts for t in (f.statement, f.correction) if t]
    texts += [t for p in RUBRIC.points for t in (p.title, p.description, p.target, *p.phrasings) if t]
    flagged = [(f.fact, f.text) for t in texts for f in check_facts(analyse(t), RUBRIC)]
    assert flagged == []
