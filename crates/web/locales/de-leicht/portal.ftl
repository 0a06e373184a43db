# Texts of the citizen portal in Leichte Sprache (easy-to-read German).
# Only the pages offered in Leichte Sprache are here: the start page, the questions and the
# whole pre-check (its form with the date and place fields and their messages, and its result);
# every other text falls back to standard German (locales/de/portal.ftl).
# Rules: short sentences, one statement per sentence, active voice, hard words explained,
# no abbreviations, long words split with the middle dot (Sorge·recht).
# One sentence or paragraph per line; a line starting with "- " is a list item.

## Form helpers and the place chooser (on the pre-check)

error-summary-title = Bitte prüfen Sie diese Angaben
date-error-missing = Bitte schreiben Sie das ganze Datum: den Tag, den Monat und das Jahr.
date-error-day = Bitte schreiben Sie einen Tag von 1 bis 31.
date-error-month = Bitte schreiben Sie einen Monat von 1 bis 12.
date-error-year = Bitte schreiben Sie das Jahr mit 4 Zahlen. Zum Beispiel: 2019.
date-error-impossible = Dieses Datum gibt es nicht. Bitte prüfen Sie den Tag und den Monat.
date-error-future = Dieser Tag kommt erst noch. Bitte prüfen Sie das Datum.
place-hint = Zum Beispiel: Bremen oder 28195.
place-choose-legend = Welchen Ort meinen Sie?
place-choose-hint = Es gibt mehrere Orte. Bitte wählen Sie Ihren Ort. Ihr Ort ist nicht dabei? Dann schreiben Sie oben die Post·leit·zahl.
place-postal-codes = Post·leit·zahlen: { $codes }
place-office = Das Jugend·amt für diesen Ort: { $office }
place-chosen = Ihr Ort: { $place }. Ihr Jugend·amt: { $office }.
place-error-empty = Bitte schreiben Sie Ihren Ort oder Ihre Post·leit·zahl.
place-error-too-long = Das ist zu lang. Bitte schreiben Sie höchstens 100 Buchstaben und Zahlen.
place-error-not-found = Wir finden diesen Ort nicht. Ist der Ort richtig geschrieben? Bitte prüfen Sie das. Oder schreiben Sie die Post·leit·zahl.
place-error-choose = Bitte wählen Sie Ihren Ort aus der Liste.

## The start page

start-title = Das Sorge·recht nachweisen
start-lead =
    Sie sind die Mutter von einem Kind.
    Sie haben das Sorge·recht für Ihr Kind allein?
    Dann können Sie das mit einem Papier vom Jugend·amt zeigen.
    Das Papier heißt: Negativ·bescheinigung.
    Hier können Sie das Papier im Internet bestellen.
start-what-heading = Was ist das Sorge·recht?
start-what-body =
    Sorge·recht heißt: Sie dürfen für Ihr Kind entscheiden.
    Zum Beispiel: Wo wohnt Ihr Kind? In welche Schule geht Ihr Kind?
    Manche Eltern sind nicht verheiratet.
    Dann hat die Mutter das Sorge·recht allein.
    Die Eltern können aber zusammen sagen: Wir wollen das Sorge·recht zusammen haben.
    Oder ein Gericht entscheidet über das Sorge·recht.
    Das Jugend·amt schreibt das dann in eine Liste.
    Die Liste heißt: Sorge·register.
    Die Negativ·bescheinigung sagt: Im Sorge·register steht nichts über Ihr Kind.
    Das heißt: Sie haben das Sorge·recht allein.
    Sie brauchen die Negativ·bescheinigung zum Beispiel:
    - für einen Pass für Ihr Kind,
    - für ein Bank·konto für Ihr Kind,
    - für die Anmeldung in der Kita oder in der Schule,
    - wenn Sie mit Ihrem Kind in ein anderes Land ziehen.
start-who-heading = Wer kann die Negativ·bescheinigung bestellen?
start-who-body =
    Nur die Mutter kann die Negativ·bescheinigung bestellen.
    Alle diese Sätze müssen stimmen:
    - Sie sind nicht mit dem Vater verheiratet.
    - Sie waren auch früher nicht mit dem Vater verheiratet.
    - Sie waren bei der Geburt nicht mit einem anderen Mann verheiratet.
    - Kein Gericht hat das Sorge·recht nur einem Eltern·teil gegeben.
    - Ihr Kind ist jünger als 18 Jahre.
start-cost-heading = Was kostet das? Wie lange dauert das?
start-cost-body =
    Die Negativ·bescheinigung kostet nichts.
    Meistens bekommen Sie die Negativ·bescheinigung sofort.
    Manchmal muss ein Mensch im Jugend·amt genau nach·sehen.
    Dann dauert es ein paar Tage.
start-ready-heading = Was brauchen Sie?
start-ready-body =
    Sie brauchen:
    - den Namen von Ihrem Kind. Schreiben Sie den Namen so wie in der Geburts·urkunde.
    - den Geburts·tag von Ihrem Kind.
    - den Geburts·ort von Ihrem Kind.
    - Ihren Personal·ausweis mit Online·funktion. Mit der Online·funktion zeigen Sie im Internet: Das bin ich.
start-after-heading = Was passiert dann?
start-after-body =
    Das Jugend·amt sieht im Sorge·register nach.
    Dann bekommen Sie die Negativ·bescheinigung.
    Die Negativ·bescheinigung ist eine Datei für den Computer oder das Handy.
    Die Datei hat ein Siegel.
    Das Siegel zeigt: Die Negativ·bescheinigung ist echt.
    Manchmal ist nicht klar: Gehört ein Eintrag im Sorge·register zu Ihrem Kind?
    Dann sieht ein Mensch im Jugend·amt genau nach.
    Sie lesen dann: in Bearbeitung.
    Das Jugend·amt sagt Ihnen Bescheid, wenn es fertig ist.
start-precheck-cta = Prüfen: Kann ich die Negativ·bescheinigung bestellen?
start-apply-cta = Negativ·bescheinigung bestellen
start-more = Fragen und Antworten

## The questions page

faq-title = Fragen und Antworten
faq-lead = Hier finden Sie Antworten auf Fragen zur Negativ·bescheinigung.
faq-seconds-q = Warum geht das so schnell?
faq-seconds-a =
    Früher haben 2 Jugend·ämter Briefe geschrieben. Das hat lange gedauert.
    Heute fragt ein Computer beim anderen Jugend·amt.
    Steht nichts im Sorge·register? Dann bekommen Sie die Negativ·bescheinigung sofort.
faq-spelling-q = Der Name steht anders geschrieben. Was nun?
faq-spelling-a =
    Schreiben Sie den Namen so wie in der Geburts·urkunde.
    Manchmal schreibt man einen Namen anders. Zum Beispiel mit ü oder mit ue.
    Das Jugend·amt achtet darauf.
    Vielleicht gehört ein Eintrag zu Ihrem Kind. Dann sieht ein Mensch genau nach.
faq-partial-q = Ein Gericht hat über einen Teil vom Sorge·recht entschieden. Was nun?
faq-partial-a =
    Manchmal entscheidet ein Gericht nur über einen Teil vom Sorge·recht.
    Zum Beispiel nur über die Gesundheit von Ihrem Kind.
    Dann bekommen Sie eine Teil·bescheinigung.
    Dort steht: Für diesen Teil gibt es einen Eintrag.
    Für alle anderen Teile haben Sie das Sorge·recht allein.
faq-pending-q = Bei mir steht: in Bearbeitung. Was heißt das?
faq-pending-a =
    Vielleicht gehört ein Eintrag im Sorge·register zu Ihrem Kind.
    Ein Mensch im Jugend·amt sieht das genau nach.
    Oder das andere Jugend·amt antwortet gerade nicht.
    Dann fragt der Computer später noch einmal.
    Sie müssen nichts tun.
    Das Jugend·amt sagt Ihnen Bescheid, wenn es fertig ist.
faq-father-q = Erfährt der Vater davon?
faq-father-a =
    Nein.
    Das Jugend·amt sagt dem Vater nichts.
faq-authentic-q = Wie prüft jemand: Ist meine Negativ·bescheinigung echt?
faq-authentic-a =
    Die Negativ·bescheinigung hat ein Siegel und einen QR-Code.
    Ein QR-Code ist ein kleines Bild aus Punkten. Ein Handy kann das Bild lesen.
    Zum Beispiel die Schule kann auf dieser Internet·seite prüfen: Ist die Negativ·bescheinigung echt?
faq-authentic-link = Eine Negativ·bescheinigung prüfen
faq-privacy-q = Was passiert mit meinen Daten?
faq-privacy-a =
    Nur die Jugend·ämter sehen Ihre Daten.
    Sie brauchen die Daten für Ihren Antrag.
    Diese Internet·seite speichert ein Cookie nur bei der Anmeldung.
    Ein Cookie ist eine kleine Datei auf Ihrem Computer oder Handy.
    Niemand verfolgt, was Sie auf der Internet·seite machen.
faq-cost-q = Was kostet das?
faq-cost-a = Die Negativ·bescheinigung kostet nichts.
faq-not-eligible-q = Ich kann die Negativ·bescheinigung nicht bestellen. Was kann ich tun?
faq-not-eligible-a =
    Machen Sie die Prüfung auf dieser Internet·seite.
    Dort steht, warum es nicht geht.
    Dort steht auch, welches Jugend·amt Ihnen hilft.
    Hat ein Gericht Ihnen das Sorge·recht allein gegeben?
    Dann zeigt das Papier vom Gericht: Sie haben das Sorge·recht allein.
faq-not-eligible-link = Zur Prüfung
faq-abroad-q = Mein Kind ist in einem anderen Land geboren. Geht das trotzdem?
faq-abroad-a =
    Ja.
    Dann fragt das Jugend·amt in Berlin nach.
    Sie schreiben in den Antrag: In welchem Land und in welchem Ort ist Ihr Kind geboren?
faq-again-q = Ich habe schon eine Negativ·bescheinigung. Brauche ich eine neue?
faq-again-a =
    Auf der Negativ·bescheinigung steht ein Datum.
    Viele Stellen wollen eine neue Negativ·bescheinigung.
    Sie können jederzeit eine neue bestellen.
faq-account-q = Wie melde ich mich an?
faq-account-a =
    Sie melden sich mit Ihrem Personal·ausweis an.
    Dafür brauchen Sie die Online·funktion.
    So weiß das Jugend·amt: Sie stellen den Antrag selbst.

## The pre-check: the form

precheck-title = Vorher prüfen: Können Sie die Negativ·bescheinigung bestellen?
precheck-lead =
    Hier beantworten Sie 5 kurze Fragen.
    Dann schreiben Sie: Wo wohnen Sie?
    Danach wissen Sie: Können Sie die Negativ·bescheinigung im Internet bestellen?
    Und Sie wissen: Welches Jugend·amt hilft Ihnen?
precheck-mother-legend = Sind Sie die Mutter von dem Kind?
precheck-mother-hint = Nur die Mutter kann die Negativ·bescheinigung bestellen.
precheck-mother-error = Bitte antworten Sie: Sind Sie die Mutter von dem Kind?
precheck-married-father-legend = Sind Sie mit dem Vater von dem Kind verheiratet? Oder waren Sie früher mit ihm verheiratet?
precheck-married-father-hint = Geschieden heißt: Ein Gericht hat die Ehe beendet. Sie sind geschieden? Dann antworten Sie: Ja. Sie haben erst nach der Geburt geheiratet? Dann antworten Sie auch: Ja.
precheck-married-father-error = Bitte antworten Sie: Sind Sie mit dem Vater verheiratet? Oder waren Sie früher mit ihm verheiratet?
precheck-married-other-legend = Waren Sie bei der Geburt von dem Kind mit einem anderen Mann verheiratet?
precheck-married-other-hint = Ein anderer Mann heißt: Er ist nicht der Vater von dem Kind. Vielleicht hat ein Gericht gesagt: Ihr Ehe·mann ist nicht der Vater. Dann antworten Sie: Nein.
precheck-married-other-error = Bitte antworten Sie: Waren Sie bei der Geburt mit einem anderen Mann verheiratet?
precheck-court-legend = Hat ein Gericht das Sorge·recht nur einer Person gegeben?
precheck-court-hint = Das Familien·gericht entscheidet über Streit in Familien. Vielleicht haben Sie ein Papier vom Familien·gericht. Dort steht: Nur Sie haben das Sorge·recht. Oder: Nur der Vater hat das Sorge·recht. Dann antworten Sie: Ja.
precheck-court-error = Bitte antworten Sie: Hat ein Gericht das Sorge·recht nur einer Person gegeben?
precheck-birth-legend = Wann ist Ihr Kind geboren?
precheck-birth-hint = Schreiben Sie den Tag, den Monat und das Jahr. Zum Beispiel: 27 3 2019.
precheck-place-label = Wo wohnen Sie? Schreiben Sie den Ort oder die Post·leit·zahl.
precheck-place-hint = Dann wissen wir: Welches Jugend·amt hilft Ihnen? Zum Beispiel: Bremen oder 28195.
precheck-submit = Jetzt prüfen
precheck-nothing-stored = Wir speichern Ihre Antworten nicht.
precheck-change-heading = Hier können Sie Ihre Antworten ändern

## The pre-check: its explanations

precheck-eligible-title = Sie können die Negativ·bescheinigung bestellen
precheck-eligible-body =
    Sie können die Negativ·bescheinigung im Internet bestellen.
    Melden Sie sich dafür an.
    Dann schreiben Sie den Namen, den Geburts·tag und den Geburts·ort von Ihrem Kind auf.
    Das Jugend·amt sieht dann im Sorge·register nach.
precheck-login-cta = Anmelden und bestellen
precheck-office = Ihr Jugend·amt: { $office }
precheck-not-eligible-title = Sie können die Negativ·bescheinigung nicht im Internet bestellen
precheck-not-eligible-lead = Das sind die Gründe:
precheck-reason-not-mother-heading = Nur die Mutter kann bestellen
precheck-reason-not-mother-body =
    Die Negativ·bescheinigung ist nur für die Mutter.
    Das steht im Gesetz.
    Andere Menschen können im Jugend·amt fragen.
precheck-reason-married-father-heading = Sie sind mit dem Vater verheiratet oder waren verheiratet
precheck-reason-married-father-body =
    Dann haben Sie und der Vater das Sorge·recht zusammen.
    Das steht im Gesetz.
    Das gilt auch nach einer Scheidung.
precheck-reason-married-other-heading = Sie waren bei der Geburt mit einem anderen Mann verheiratet
precheck-reason-married-other-body =
    Dann ist dieser Mann der Vater für das Gesetz.
    Sie und dieser Mann haben das Sorge·recht zusammen.
    Manchmal hat ein Gericht gesagt: Dieser Mann ist nicht der Vater.
    Dann antworten Sie bei dieser Frage: Nein.
precheck-reason-court-heading = Ein Gericht hat das Sorge·recht einem Eltern·teil gegeben
precheck-reason-court-body =
    Dann haben Sie ein Papier vom Gericht.
    Das Papier vom Gericht zeigt, wer das Sorge·recht hat.
    Sie brauchen keine Negativ·bescheinigung.
precheck-reason-of-age-heading = Ihr Kind ist 18 Jahre oder älter
precheck-reason-of-age-body =
    Mit 18 Jahren ist Ihr Kind erwachsen.
    Dann hat niemand mehr das Sorge·recht.
    Sie brauchen keine Negativ·bescheinigung.
precheck-contact-heading = Was können Sie jetzt tun?
precheck-contact-body =
    Gehen Sie zu Ihrem Jugend·amt.
    Das Jugend·amt hilft Ihnen.
precheck-bring-body =
    Nehmen Sie mit:
    - Ihren Personal·ausweis oder Ihren Reise·pass,
    - die Geburts·urkunde von Ihrem Kind,
    - wenn Sie haben: Papiere von der Hochzeit, von der Scheidung und vom Gericht.

## frame (the header and footer of the pages in Leichte Sprache)
site-name = Negativ·bescheinigung im Internet
skip-link = Zum Inhalt gehen
lang-nav = Sprache wählen
footer-privacy =
    Wir schützen Ihre Daten.
    Wir setzen nur ein Cookie, wenn Sie sich anmelden.
    Ein Cookie ist eine kleine Datei in Ihrem Browser.
    Wir beobachten Sie nicht.
footer-faq = Fragen und Antworten
footer-verify = Eine Bescheinigung prüfen
error-title = Fehler: { $title }
