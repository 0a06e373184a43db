# Texts of the citizen portal in standard German (the default and the fallback).
# One paragraph per line in longer texts; a line starting with "- " is a list item.
# Every id here is listed in crates/web/src/portal/messages.rs.

## The frame

site-name = Negativbescheinigung online
skip-link = Zum Inhalt springen
lang-nav = Sprache
lang-de = Deutsch
lang-en = English
lang-easy = Leichte Sprache
signed-in-as = Angemeldet als { $name }
logout = Abmelden
nav-mine = Meine Anträge
login = Anmelden
footer-privacy = Datenschutz: Diese Seiten setzen ein Sitzungs-Cookie nur, wenn Sie sich anmelden. Es gibt kein Tracking und kein JavaScript.
footer-faq = Häufige Fragen
footer-verify = Eine Bescheinigung prüfen
error-title = Fehler: { $title }
error-summary-title = Bitte korrigieren Sie Folgendes
failure-title = Das hat leider nicht geklappt
failure-body = Wegen eines technischen Fehlers konnten wir Ihre Anfrage nicht bearbeiten. Bitte versuchen Sie es in ein paar Minuten noch einmal.

## Form helpers

answer-yes = Ja
answer-no = Nein
date-day = Tag
date-month = Monat
date-year = Jahr
date-error-missing = Bitte geben Sie das Datum vollständig an: Tag, Monat und Jahr.
date-error-day = Bitte geben Sie einen Tag zwischen 1 und 31 an.
date-error-month = Bitte geben Sie einen Monat zwischen 1 und 12 an.
date-error-year = Bitte geben Sie das Jahr mit vier Ziffern an, zum Beispiel 2019.
date-error-impossible = Dieses Datum gibt es nicht. Bitte prüfen Sie Tag und Monat.
date-error-future = Das Datum darf nicht in der Zukunft liegen.

## The place chooser

place-hint = Zum Beispiel Bremen oder 28195.
place-choose-legend = Welche Gemeinde meinen Sie?
place-choose-hint = Wählen Sie Ihre Gemeinde aus. Ist sie nicht dabei, geben Sie oben die Postleitzahl ein.
place-postal-codes = Postleitzahlen: { $codes }
place-office = Zuständig: { $office }
place-chosen = Gewählt: { $place } ({ $office })
place-error-empty = Bitte geben Sie eine Gemeinde oder eine Postleitzahl ein.
place-error-too-long = Bitte geben Sie höchstens 100 Zeichen ein.
place-error-not-found = Wir haben keine Gemeinde mit diesem Namen oder dieser Postleitzahl gefunden. Bitte prüfen Sie die Schreibweise oder geben Sie die Postleitzahl ein.
place-error-choose = Bitte wählen Sie die Gemeinde aus der Liste aus.

## The start page

start-title = Negativbescheinigung online beantragen
start-lead = Mit der Negativbescheinigung weisen Sie nach, dass Sie das Sorgerecht für Ihr Kind allein haben. Hier beantragen Sie sie online – kostenlos und meist in wenigen Sekunden.
start-what-heading = Was ist die Negativbescheinigung?
start-what-body =
    Sind die Eltern eines Kindes nicht miteinander verheiratet, hat die Mutter das Sorgerecht allein – es sei denn, die Eltern haben Sorgeerklärungen abgegeben oder ein Familiengericht hat anders entschieden. Solche Erklärungen und Entscheidungen werden im Sorgeregister des Jugendamts eingetragen.
    Die Negativbescheinigung (§ 58 SGB VIII) bestätigt, dass es im Sorgeregister für Ihr Kind keine Eintragungen gibt. Sie haben also die elterliche Sorge allein.
    Sie brauchen die Bescheinigung zum Beispiel:
    - für einen Reisepass oder Personalausweis Ihres Kindes, wenn der Vater nicht mitunterschreibt,
    - um ein Konto für Ihr Kind zu eröffnen,
    - bei der Anmeldung in Kita oder Schule,
    - wenn Sie mit Ihrem Kind ins Ausland ziehen.
start-who-heading = Wer kann den Antrag stellen?
start-who-body =
    Den Antrag kann nur die Mutter des Kindes stellen, und nur, wenn alles Folgende zutrifft:
    - Sie sind nicht mit dem Vater des Kindes verheiratet und waren es auch nie.
    - Sie waren bei der Geburt nicht mit einem anderen Mann verheiratet – oder seine Vaterschaft wurde erfolgreich angefochten.
    - Kein Gericht hat das Sorgerecht einem Elternteil allein übertragen.
    - Ihr Kind ist jünger als 18 Jahre.
start-cost-heading = Kosten und Dauer
start-cost-body =
    Die Bescheinigung ist kostenlos.
    Meist erhalten Sie sie nach wenigen Sekunden. Ist Ihr Fall nicht eindeutig, prüft das Jugendamt ihn von Hand; das kann einige Tage dauern.
start-ready-heading = Was Sie bereithalten sollten
start-ready-body =
    - den Namen Ihres Kindes, wie er bei der Beurkundung der Geburt eingetragen wurde (er steht in der Geburtsurkunde),
    - das Geburtsdatum und den Geburtsort Ihres Kindes,
    - den Zugang zu Ihrem Nutzerkonto für Verwaltungsleistungen, zum Beispiel mit der Online-Ausweisfunktion Ihres Personalausweises.
start-after-heading = Wie geht es nach dem Antrag weiter?
start-after-body =
    Das Jugendamt an Ihrem Wohnort stellt die Bescheinigung aus. Es fragt dazu beim Jugendamt am Geburtsort Ihres Kindes nach, ob Eintragungen bestehen.
    Sie erhalten die Bescheinigung als PDF-Datei mit elektronischem Siegel. Jede Stelle, der Sie sie vorlegen, kann ihre Echtheit auf dieser Website prüfen.
    Ist unklar, ob ein Eintrag zu Ihrem Kind gehört, prüft eine Mitarbeiterin oder ein Mitarbeiter des Jugendamts ihn von Hand. Ihr Antrag steht dann auf „in Bearbeitung“, und Sie werden benachrichtigt, sobald das Ergebnis feststeht.
start-precheck-cta = Vorab prüfen, ob Sie den Antrag stellen können
start-apply-cta = Antrag stellen
start-more = Antworten auf häufige Fragen

## The questions page

faq-title = Häufige Fragen
faq-lead = Antworten rund um die Negativbescheinigung und den Online-Antrag.
faq-seconds-q = Warum dauert es nur Sekunden?
faq-seconds-a =
    Bisher haben sich die beiden beteiligten Jugendämter per Post, E-Mail oder Telefon abgestimmt. Das dauerte oft Wochen.
    Jetzt fragt das Jugendamt an Ihrem Wohnort das Sorgeregister am Geburtsort Ihres Kindes direkt elektronisch ab. Gibt es eindeutig keinen Eintrag, wird die Bescheinigung sofort ausgestellt.
faq-spelling-q = Was ist, wenn der Name anders geschrieben wurde?
faq-spelling-a =
    Geben Sie den Namen so an, wie er bei der Beurkundung der Geburt eingetragen wurde – am besten abgeschrieben von der Geburtsurkunde.
    Namen werden oft verschieden geschrieben, etwa mit „ü“ oder „ue“. Die Suche im Register berücksichtigt solche Unterschiede. Könnte ein Eintrag zu Ihrem Kind gehören, prüft ihn ein Mensch im Jugendamt. So wird keine falsche Bescheinigung ausgestellt.
faq-partial-q = Ein Gericht hat über einen Teil des Sorgerechts entschieden. Was nun?
faq-partial-a =
    Hat ein Familiengericht nur über einen Teil der elterlichen Sorge entschieden, zum Beispiel nur über die Gesundheitssorge, erhalten Sie eine Teilbescheinigung.
    Sie nennt die Bereiche, für die es Eintragungen gibt, und bestätigt, dass Sie die Sorge in allen anderen Bereichen allein haben.
faq-pending-q = Mein Antrag steht auf „in Bearbeitung“. Was bedeutet das?
faq-pending-a =
    Im Sorgeregister gibt es einen Eintrag, der vielleicht zu Ihrem Kind gehört – zum Beispiel, weil ein Name ähnlich geschrieben ist oder ein Datum fast übereinstimmt. Eine Mitarbeiterin oder ein Mitarbeiter des Jugendamts prüft das von Hand.
    Oder das Jugendamt am Geburtsort ist gerade nicht erreichbar. Dann wartet Ihr Antrag und wird automatisch erneut gesendet; es geht nichts verloren.
    In beiden Fällen werden Sie benachrichtigt, sobald das Ergebnis feststeht. Sie müssen nichts weiter tun.
faq-father-q = Erfährt der Vater von meinem Antrag?
faq-father-a = Nein. Der Vater wird nicht benachrichtigt. Ihr Antrag wird nur von den beteiligten Jugendämtern bearbeitet.
faq-authentic-q = Wie kann jemand prüfen, ob meine Bescheinigung echt ist?
faq-authentic-a = Jede Bescheinigung trägt ein elektronisches Siegel und einen QR-Code. Schulen, Kitas, Behörden oder Fluggesellschaften können die PDF-Datei oder den QR-Code auf dieser Website prüfen. Sie sehen in Sekunden, ob die Bescheinigung echt ist, welches Jugendamt sie ausgestellt hat und wann.
faq-authentic-link = Eine Bescheinigung prüfen
faq-privacy-q = Was geschieht mit meinen Daten?
faq-privacy-a =
    Ihre Angaben werden nur für Ihren Antrag verwendet: vom Jugendamt an Ihrem Wohnort und vom Jugendamt am Geburtsort Ihres Kindes.
    Diese Website setzt ein Cookie nur für Ihre Anmeldung. Es gibt kein Tracking, keine Werbung und kein JavaScript. Die Vorabprüfung speichert Ihre Antworten nicht.
faq-cost-q = Was kostet die Bescheinigung?
faq-cost-a = Nichts. Die Negativbescheinigung ist kostenlos, auch wenn Sie sie mehrmals beantragen.
faq-not-eligible-q = Was kann ich tun, wenn ich den Antrag nicht stellen kann?
faq-not-eligible-a =
    Die Vorabprüfung erklärt, warum der Antrag nicht möglich ist, und nennt Ihr zuständiges Jugendamt. Dort werden Sie beraten.
    Hat ein Gericht Ihnen das Sorgerecht allein übertragen, ist der Beschluss des Gerichts selbst Ihr Nachweis. Eine Negativbescheinigung brauchen Sie dann nicht.
faq-not-eligible-link = Zur Vorabprüfung
faq-abroad-q = Mein Kind wurde im Ausland geboren. Kann ich den Antrag trotzdem stellen?
faq-abroad-a = Ja. Für Kinder, die im Ausland geboren wurden, führt das Land Berlin das Sorgeregister. Ihr Antrag geht dann automatisch dorthin. Im Antrag geben Sie den Staat und den Ort der Geburt an.
faq-again-q = Ich habe schon eine Bescheinigung. Brauche ich eine neue?
faq-again-a = Eine Bescheinigung zeigt den Stand des Sorgeregisters am Tag ihrer Ausstellung. Viele Stellen verlangen deshalb eine aktuelle Bescheinigung. Sie können jederzeit eine neue beantragen.
faq-account-q = Wie melde ich mich an?
faq-account-a = Sie melden sich mit Ihrem Nutzerkonto für Verwaltungsleistungen an, zum Beispiel mit der Online-Ausweisfunktion Ihres Personalausweises. So wissen die Jugendämter sicher, dass Sie selbst den Antrag stellen.

## The pre-check

precheck-title = Vorab prüfen: Können Sie den Antrag stellen?
precheck-lead = Beantworten Sie fünf kurze Fragen und nennen Sie Ihren Wohnort. Sie erfahren dann, ob Sie die Negativbescheinigung online beantragen können und welches Jugendamt für Sie zuständig ist.
precheck-mother-legend = Sind Sie die Mutter des Kindes?
precheck-mother-hint = Den Antrag kann nur die Mutter stellen.
precheck-mother-error = Bitte geben Sie an, ob Sie die Mutter des Kindes sind.
precheck-married-father-legend = Sind oder waren Sie mit dem Vater des Kindes verheiratet?
precheck-married-father-hint = Antworten Sie auch mit Ja, wenn Sie geschieden sind oder erst nach der Geburt geheiratet haben.
precheck-married-father-error = Bitte geben Sie an, ob Sie mit dem Vater des Kindes verheiratet sind oder waren.
precheck-married-other-legend = Waren Sie bei der Geburt des Kindes mit einem anderen Mann verheiratet?
precheck-married-other-hint = Antworten Sie mit Nein, wenn ein Gericht festgestellt hat, dass dieser Mann nicht der Vater ist (die Vaterschaft wurde erfolgreich angefochten).
precheck-married-other-error = Bitte geben Sie an, ob Sie bei der Geburt mit einem anderen Mann verheiratet waren.
precheck-court-legend = Hat ein Gericht das Sorgerecht einem Elternteil allein übertragen?
precheck-court-hint = Gemeint ist ein Beschluss des Familiengerichts, nach dem Sie oder der Vater die elterliche Sorge allein haben.
precheck-court-error = Bitte geben Sie an, ob ein Gericht das Sorgerecht einem Elternteil allein übertragen hat.
precheck-birth-legend = Wann wurde Ihr Kind geboren?
precheck-birth-hint = Zum Beispiel 27 3 2019.
precheck-place-label = Wo wohnen Sie? Gemeinde oder Postleitzahl
precheck-place-hint = Daran erkennen wir, welches Jugendamt für Sie zuständig ist. Zum Beispiel Bremen oder 28195.
precheck-submit = Prüfen
precheck-nothing-stored = Ihre Antworten werden nicht gespeichert.
precheck-change-heading = Ihre Antworten
precheck-eligible-title = Sie können die Bescheinigung online beantragen
precheck-eligible-body =
    Nach Ihren Antworten erfüllen Sie die Voraussetzungen. Melden Sie sich an und stellen Sie den Antrag. Sie brauchen dafür den Namen, das Geburtsdatum und den Geburtsort Ihres Kindes.
    Das Jugendamt prüft dann im Sorgeregister, ob Eintragungen bestehen.
precheck-login-cta = Anmelden und Antrag stellen
precheck-office = Ihr zuständiges Jugendamt: { $office }
precheck-not-eligible-title = Sie können die Bescheinigung nicht online beantragen
precheck-not-eligible-lead = Nach Ihren Antworten kann keine Negativbescheinigung ausgestellt werden. Die Gründe:
precheck-reason-not-mother-heading = Nur die Mutter kann den Antrag stellen
precheck-reason-not-mother-body = Die Negativbescheinigung bestätigt, dass die Mutter das Sorgerecht allein hat. Deshalb kann nur sie selbst die Bescheinigung beantragen (§ 58 Abs. 2 SGB VIII). Andere Personen, auch der Vater, können sich vom Jugendamt beraten lassen.
precheck-reason-married-father-heading = Sie sind oder waren mit dem Vater verheiratet
precheck-reason-married-father-body = Eltern, die miteinander verheiratet sind oder waren – auch wenn sie erst nach der Geburt geheiratet haben –, haben das Sorgerecht kraft Gesetzes gemeinsam (§ 1626a Abs. 1 Nr. 2 BGB). Eine Scheidung allein ändert daran nichts.
precheck-reason-married-other-heading = Sie waren bei der Geburt mit einem anderen Mann verheiratet
precheck-reason-married-other-body = Ihr damaliger Ehemann ist rechtlich der Vater des Kindes (§ 1592 Nr. 1 BGB), und Sie haben das Sorgerecht gemeinsam. Das gilt nicht, wenn seine Vaterschaft erfolgreich angefochten wurde – dann beantworten Sie diese Frage mit Nein.
precheck-reason-court-heading = Ein Gericht hat das Sorgerecht einem Elternteil allein übertragen
precheck-reason-court-body = Dann ist der Beschluss des Familiengerichts selbst der Nachweis. Eine Negativbescheinigung brauchen Sie dafür nicht. Eine Ausfertigung des Beschlusses erhalten Sie beim Gericht.
precheck-reason-of-age-heading = Ihr Kind ist volljährig
precheck-reason-of-age-body = Mit 18 Jahren ist Ihr Kind volljährig, und die elterliche Sorge endet (§ 2, § 1626 Abs. 1 BGB). Eine Bescheinigung über das Sorgerecht ist deshalb nicht mehr möglich.
precheck-contact-heading = Was Sie jetzt tun können
precheck-contact-body = Wenden Sie sich an Ihr zuständiges Jugendamt. Es berät Sie, welchen Nachweis Sie stattdessen erhalten können.
precheck-bring-body =
    Nehmen Sie zum Gespräch mit:
    - Ihren Personalausweis oder Reisepass,
    - die Geburtsurkunde Ihres Kindes,
    - falls vorhanden: Heiratsurkunde, Scheidungsbeschluss und Beschlüsse des Familiengerichts.

## applicant pages

apply-title = Negativbescheinigung beantragen
apply-lead = Bitte ergänzen Sie die Angaben zu Ihrem Kind und prüfen Sie Ihre Anschrift. Alle Angaben sind nötig.
apply-you-heading = Ihre Angaben
apply-you-from-account = Diese Angaben kommen aus Ihrem Bürgerkonto. Sie können sie hier nicht ändern.
apply-you-name = Name
apply-you-birth-name = Geburtsname
apply-you-birth-date = Geburtsdatum
apply-own-birth-legend = Ihr Geburtsdatum
apply-own-birth-hint = Ihr Bürgerkonto nennt kein Geburtsdatum. Zum Beispiel 17 2 1993.
apply-address-heading = Ihre Anschrift
apply-address-hint = Das Jugendamt an Ihrem Wohnort stellt die Bescheinigung aus.
apply-street = Straße und Hausnummer
apply-postal-code = Postleitzahl
apply-home-label = Wohnort (Gemeinde oder Postleitzahl)
apply-child-heading = Ihr Kind
apply-child-given = Vornamen des Kindes
apply-child-given-hint = Alle Vornamen, wie sie in der Geburtsurkunde stehen.
apply-child-family = Name des Kindes bei der Beurkundung der Geburt
apply-child-family-hint = Der Familienname aus der Geburtsurkunde, auch wenn Ihr Kind heute anders heißt.
apply-child-birth = Geburtsdatum des Kindes
apply-child-birth-hint = Zum Beispiel 4 5 2020.
apply-born-legend = Wo wurde Ihr Kind geboren?
apply-born-germany = In Deutschland
apply-born-abroad = Im Ausland
apply-birth-place-label = Geburtsort in Deutschland (Gemeinde oder Postleitzahl)
apply-birth-place-hint = Nur bei einer Geburt in Deutschland. Zum Beispiel Cuxhaven oder 27472.
apply-country = Staat der Geburt im Ausland
apply-country-hint = Nur bei einer Geburt im Ausland: der Ländercode aus zwei Buchstaben, zum Beispiel AT für Österreich, PL für Polen oder TR für die Türkei.
apply-abroad-place = Geburtsort im Ausland
apply-abroad-place-hint = Nur bei einer Geburt im Ausland. Zum Beispiel Wien.
apply-declaration-heading = Ihre Erklärung
apply-declaration-intro = Mit dem Antrag erklären Sie:
apply-declaration-statements =
    - Ich bin die Mutter des Kindes.
    - Ich bin nicht mit dem Vater des Kindes verheiratet und war es auch nie.
    - Bei der Geburt war ich mit keinem anderen Mann verheiratet (oder seine Vaterschaft wurde erfolgreich angefochten).
    - Kein Gericht hat die elterliche Sorge einem Elternteil allein übertragen.
apply-declaration-check = Ich bestätige: Alle vier Aussagen treffen zu.
apply-declaration-not-true = Trifft eine Aussage nicht zu? Dann kann meist keine Negativbescheinigung ausgestellt werden.
apply-declaration-precheck-link = Prüfen Sie, was in Ihrem Fall gilt
apply-continue = Weiter zur Übersicht
apply-error-account = Die Angaben aus Ihrem Bürgerkonto können wir so nicht verwenden. Bitte wenden Sie sich an Ihr Jugendamt.
apply-error-own-birth = Bitte geben Sie Ihr Geburtsdatum an.
apply-error-street-missing = Bitte geben Sie Ihre Straße und Hausnummer an.
apply-error-postal-code-missing = Bitte geben Sie Ihre Postleitzahl an.
apply-error-postal-code-format = Die Postleitzahl hat fünf Ziffern, zum Beispiel 28195.
apply-error-postal-code-place = Die Postleitzahl passt nicht zum gewählten Wohnort. Bitte prüfen Sie beides.
apply-error-place-unknown = Diesen Ort finden wir nicht. Bitte geben Sie ihn noch einmal ein.
apply-error-child-given-missing = Bitte geben Sie die Vornamen Ihres Kindes an.
apply-error-child-family-missing = Bitte geben Sie den Namen Ihres Kindes bei der Beurkundung der Geburt an.
apply-error-mother-older = Das Geburtsdatum Ihres Kindes muss nach Ihrem eigenen Geburtsdatum liegen.
apply-error-born-missing = Bitte geben Sie an, ob Ihr Kind in Deutschland oder im Ausland geboren wurde.
apply-error-country-missing = Bitte geben Sie den Staat an, in dem Ihr Kind geboren wurde.
apply-error-country-unknown = Bitte geben Sie den Staat als Ländercode aus zwei Buchstaben an, zum Beispiel AT für Österreich.
apply-error-country-germany = Ihr Kind wurde in Deutschland geboren? Dann wählen Sie bitte „In Deutschland“ und geben Sie den Geburtsort an.
apply-error-abroad-place-missing = Bitte geben Sie den Geburtsort im Ausland an.
apply-error-declaration = Bitte bestätigen Sie Ihre Erklärung. Trifft eine Aussage nicht zu, prüfen Sie bitte zuerst, was in Ihrem Fall gilt.
apply-error-characters = { $field }: Bitte verwenden Sie nur Buchstaben, Leerzeichen, Bindestrich, Apostroph und Punkt.
apply-error-too-long = { $field }: Bitte geben Sie höchstens { $max } Zeichen ein.
apply-error-invalid = { $field }: Diese Angabe können wir nicht verarbeiten. Bitte prüfen Sie sie.
apply-review-title = Bitte prüfen Sie Ihre Angaben
apply-review-lead = Stimmt alles? Dann senden Sie den Antrag ab. Meist sehen Sie das Ergebnis sofort.
apply-review-address = Anschrift
apply-review-birth-place = Geburtsort
apply-review-abroad = { $place } (im Ausland, Ländercode { $country })
apply-review-declaration = Sie haben bestätigt, dass alle vier Aussagen zutreffen.
apply-review-office-heading = Ihr Antrag geht an
apply-review-submit = Antrag absenden
apply-review-change = Angaben ändern
apply-status-about = Ihr Antrag
apply-status-received = Eingegangen
apply-status-waiting-heading = Ihr Antrag wird bearbeitet
apply-status-waiting-register = Wir fragen gerade beim Sorgeregister am Geburtsort Ihres Kindes ({ $office }) nach, ob es dort Einträge gibt. Das dauert meist nur wenige Sekunden.
apply-status-waiting-review = Im Sorgeregister gibt es einen Eintrag oder eine Erklärung, die vielleicht Ihr Kind betrifft. Eine Fachkraft der Registerstelle ({ $office }) prüft das jetzt von Hand. Das kann einige Tage dauern.
apply-status-waiting-refresh = Sie können diese Seite schließen: Unter „Meine Anträge“ sehen Sie jederzeit, wie weit Ihr Antrag ist. Um den neuesten Stand hier zu sehen, laden Sie die Seite neu.
apply-status-refresh = Aktualisieren
apply-status-issued-heading = Ihre Negativbescheinigung ist ausgestellt
apply-status-issued-body = Im Sorgeregister gibt es keine Einträge für Ihr Kind. Sie haben die elterliche Sorge allein.
apply-status-partial-heading = Ihre Bescheinigung ist ausgestellt
apply-status-partial-body = Im Sorgeregister gibt es Einträge nur für diese Teile der elterlichen Sorge:
apply-status-partial-rest = Für alle anderen Teile haben Sie die elterliche Sorge allein. So steht es auch in der Bescheinigung.
apply-status-number = Nummer der Bescheinigung
apply-status-as-of = Stand
apply-status-issued-by = Ausgestellt von
apply-status-download = Bescheinigung herunterladen (PDF)
apply-status-next-heading = Wie geht es weiter?
apply-status-next-body =
    Drucken Sie die Bescheinigung aus oder senden Sie die PDF-Datei an die Stelle, die sie verlangt, zum Beispiel Schule, Kita oder Passbehörde.
    Die Bescheinigung zeigt den Stand des Sorgeregisters zum genannten Zeitpunkt. Brauchen Sie später eine neue, stellen Sie einfach wieder einen Antrag.
apply-status-verify = Wer die Bescheinigung erhält, kann sie online prüfen:
apply-status-verify-link = Bescheinigung prüfen
apply-status-revoked = Diese Bescheinigung wurde am { $date } widerrufen. Bitte wenden Sie sich an das { $office }.
apply-status-no-document = Die Bescheinigung liegt hier nicht als Datei vor. Bitte wenden Sie sich an das { $issuing }.
apply-status-contact-heading = An wen Sie sich wenden können
apply-status-no-heading = Eine Negativbescheinigung kann nicht ausgestellt werden
apply-status-no-body = Es gibt Einträge im Sorgeregister. Eine Negativbescheinigung kann nicht ausgestellt werden.
apply-status-no-contact = Fragen zu den Einträgen beantwortet das Jugendamt, das das Sorgeregister führt: { $register }. Ihr Jugendamt am Wohnort ist das { $issuing }.
apply-status-not-eligible-heading = Sie können die Negativbescheinigung nicht erhalten
apply-status-not-eligible-contact = Ihr Jugendamt berät Sie, welchen Nachweis Sie stattdessen erhalten können. Zuständig ist das { $issuing }.
apply-state-waiting = In Bearbeitung
apply-state-review = Wird vom Jugendamt geprüft
apply-state-negative = Negativbescheinigung ausgestellt
apply-state-partial = Bescheinigung mit Einträgen für Teile der Sorge ausgestellt
apply-state-no = Keine Bescheinigung möglich
apply-state-not-eligible = Kein Anspruch auf die Bescheinigung
apply-mine-title = Meine Anträge
apply-mine-caption = Ihre Anträge, der neueste zuerst
apply-mine-child = Kind
apply-mine-state = Stand
apply-mine-empty = Sie haben noch keinen Antrag gestellt.
apply-mine-link = Alle meine Anträge
apply-new-link = Einen neuen Antrag stellen
apply-not-found-title = Diesen Antrag finden wir nicht
apply-not-found-body = Unter dieser Adresse gibt es keinen Antrag in Ihrem Bürgerkonto. Bitte sehen Sie unter „Meine Anträge“ nach.
apply-conflict-title = Dieser Antrag wurde schon abgesendet
apply-conflict-body = Sie haben diesen Antrag bereits mit anderen Angaben abgesendet. Unter „Meine Anträge“ sehen Sie, wie weit er ist. Für andere Angaben stellen Sie bitte einen neuen Antrag.
apply-submit-too-many = Von Ihrem Anschluss wurden gerade sehr viele Anträge abgesendet. Bitte warten Sie { $seconds } Sekunden und senden Sie den Antrag dann noch einmal.

## login
login-title = Mit dem Bürgerkonto anmelden
login-intro =
    Für den Antrag melden Sie sich mit Ihrem Bürgerkonto an, zum Beispiel mit der Online-Ausweisfunktion Ihres Personalausweises. So wissen wir sicher, dass Sie es sind.
    Ihr Bürgerkonto übermittelt uns nur diese Angaben:
    - Ihre Vornamen und Ihren Familiennamen, gegebenenfalls Ihren Geburtsnamen
    - Ihr Geburtsdatum
    - Ihre Anschrift
    - wie sicher die Anmeldung war (mindestens das Vertrauensniveau „substanziell“)
    Wir verwenden diese Angaben nur für Ihren Antrag. Nach der Abmeldung oder spätestens nach zwei Stunden löschen wir sie aus Ihrer Sitzung.
login-test-provider =
    Dies ist eine Demo. Die Anmeldung führt zu einem Test-Anbieter, nicht zu einem echten Bürgerkonto. Dort wählen Sie eine Testperson, zum Beispiel Sophia Berger.
login-button = Weiter zum Bürgerkonto
login-unavailable = Die Anmeldung mit dem Bürgerkonto ist auf dieser Plattform nicht eingerichtet. Bitte wenden Sie sich an Ihr Jugendamt.
login-too-many = Es wurden zu viele Anmeldungen begonnen. Bitte warten Sie { $seconds } Sekunden und versuchen Sie es dann noch einmal.
login-provider-down = Das Bürgerkonto ist gerade nicht erreichbar. Ihre Angaben sind nicht verloren gegangen, denn es wurde noch nichts gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.
login-expired = Diese Anmeldung ist abgelaufen oder wurde in einem anderen Browser begonnen. Bitte melden Sie sich noch einmal an.
login-cancelled = Sie haben die Anmeldung abgebrochen. Es wurde nichts gespeichert.
login-low-assurance =
    Ihre Anmeldung war nicht sicher genug. Für diesen Antrag ist das Vertrauensniveau „substanziell“ oder „hoch“ nötig, zum Beispiel mit der Online-Ausweisfunktion Ihres Personalausweises.
    Bitte melden Sie sich noch einmal an und wählen Sie dabei eine solche Anmeldeart.
login-failed = Die Anmeldung hat nicht geklappt, weil das Bürgerkonto keine gültige Antwort geschickt hat. Bitte versuchen Sie es noch einmal.
login-problem-title = Anmeldung nicht möglich
login-again = Noch einmal anmelden
logged-out-title = Sie sind abgemeldet
logged-out-body = Ihre Sitzung ist beendet. Die Angaben aus Ihrem Bürgerkonto sind aus der Sitzung gelöscht. Ihre Anträge und Bescheinigungen bleiben gespeichert; Sie sehen sie nach der nächsten Anmeldung unter „Meine Anträge“.
logged-out-home = Zur Startseite
forbidden-title = Anfrage abgelehnt
forbidden-body = Aus Sicherheitsgründen konnten wir diese Anfrage nicht annehmen: Sie kam nicht von einer Seite dieses Portals, oder Ihre Sitzung hat sich inzwischen geändert. Bitte öffnen Sie die Seite neu und versuchen Sie es noch einmal.
