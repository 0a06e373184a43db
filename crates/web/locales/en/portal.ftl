# Texts of the citizen portal in English.
# One paragraph per line in longer texts; a line starting with "- " is a list item.
# Every id here is listed in crates/web/src/portal/messages.rs.

## The frame

site-name = Sole custody certificate online
skip-link = Skip to content
lang-nav = Language
lang-de = Deutsch
lang-en = English
lang-easy = Leichte Sprache
signed-in-as = Logged in as { $name }
logout = Log out
nav-mine = My applications
login = Log in
footer-privacy = Data protection: these pages set a session cookie only when you log in. There is no tracking and no JavaScript.
footer-faq = Frequently asked questions
footer-verify = Check a certificate
error-title = Error: { $title }
error-summary-title = Please correct the following
failure-title = Sorry, something went wrong
failure-body = Because of a technical error, we could not process your request. Please try again in a few minutes.

## Form helpers

answer-yes = Yes
answer-no = No
date-day = Day
date-month = Month
date-year = Year
date-error-missing = Please enter the whole date: day, month and year.
date-error-day = Please enter a day between 1 and 31.
date-error-month = Please enter a month between 1 and 12.
date-error-year = Please enter the year with four digits, for example 2019.
date-error-impossible = This date does not exist. Please check the day and the month.
date-error-future = The date must not be in the future.

## The place chooser

place-hint = For example, Bremen or 28195.
place-choose-legend = Which municipality do you mean?
place-choose-hint = Choose your municipality. If it is not listed, enter the postal code above.
place-postal-codes = Postal codes: { $codes }
place-office = Responsible office: { $office }
place-chosen = Chosen: { $place } ({ $office })
place-error-empty = Please enter a municipality or a postal code.
place-error-too-long = Please enter at most 100 characters.
place-error-not-found = We found no municipality with this name or postal code. Please check the spelling or enter the postal code.
place-error-choose = Please choose the municipality from the list.

## The start page

start-title = Apply online for the sole custody certificate
start-lead = The certificate (Negativbescheinigung) proves that you alone hold parental custody of your child. Apply for it online here – it is free of charge and usually takes only seconds.
start-what-heading = What is the certificate?
start-what-body =
    When a child's parents are not married to each other, the mother holds custody alone – unless the parents made declarations of joint custody or a family court decided otherwise. Such declarations and decisions are entered in the custody register (Sorgeregister) of a youth welfare office (Jugendamt).
    The certificate (§ 58 SGB VIII) confirms that the custody register holds no entries for your child, so you hold parental custody alone.
    You may need it, for example:
    - for your child's passport or identity card if the father does not sign as well,
    - to open a bank account for your child,
    - when registering your child at a nursery or school,
    - when you move abroad with your child.
start-who-heading = Who can apply?
start-who-body =
    Only the child's mother can apply, and only if all of the following are true:
    - You are not married to the child's father and have never been.
    - You were not married to another man when the child was born – or his paternity was successfully contested.
    - No court has given custody to one parent alone.
    - Your child is under 18.
start-cost-heading = Cost and time
start-cost-body =
    The certificate is free of charge.
    You usually receive it within seconds. If your case is not clear-cut, the youth welfare office checks it manually; that can take a few days.
start-ready-heading = What to have ready
start-ready-body =
    - your child's name as it was entered when the birth was registered (it is on the birth certificate),
    - your child's date and place of birth,
    - access to your citizen account for public services, for example with the online ID function of your German identity card.
start-after-heading = What happens after you apply?
start-after-body =
    The youth welfare office where you live issues the certificate. It asks the youth welfare office at your child's place of birth whether there are any entries.
    You receive the certificate as a PDF file with an electronic seal. Anyone you show it to can check on this website that it is genuine.
    If it is unclear whether an entry concerns your child, a member of staff at the youth welfare office checks it manually. Your application then shows “in progress”, and you will be notified as soon as the result is available.
start-precheck-cta = Check first whether you can apply
start-apply-cta = Apply now
start-more = Answers to frequently asked questions

## The questions page

faq-title = Frequently asked questions
faq-lead = Answers about the sole custody certificate and applying online.
faq-seconds-q = Why does it take only seconds?
faq-seconds-a =
    Until now, the two youth welfare offices involved communicated by post, email or phone. That often took weeks.
    Now the office where you live queries the custody register at your child's place of birth directly and electronically. If there is clearly no entry, the certificate is issued immediately.
faq-spelling-q = What if the name was spelled differently?
faq-spelling-a =
    Enter the name as it was entered when the birth was registered – ideally copied from the birth certificate.
    Names are often spelled in different ways, for example with “ü” or “ue”. The register search allows for such differences. If an entry might concern your child, a person at the youth welfare office checks it. This ensures that no incorrect certificate is issued.
faq-partial-q = A court has decided on part of custody. What now?
faq-partial-a =
    If a family court has decided on only part of parental custody, for example only on health matters, you receive a partial certificate.
    It names the areas for which entries exist and confirms that you hold sole custody in all other areas.
faq-pending-q = My application says “in progress”. What does that mean?
faq-pending-a =
    The custody register holds an entry that might concern your child – for example because a name is spelled similarly or a date almost matches. A member of staff at the youth welfare office checks this manually.
    Or the office at the place of birth cannot be reached at the moment. Your application then waits and is sent again automatically; nothing is lost.
    Either way, you will be notified as soon as the result is available. You do not need to do anything.
faq-father-q = Will the father learn of my application?
faq-father-a = No. The father is not notified. Only the youth welfare offices involved handle your application.
faq-authentic-q = How can someone check that my certificate is genuine?
faq-authentic-a = Every certificate carries an electronic seal and a QR code. Schools, nurseries, authorities or airlines can check the PDF file or the QR code on this website. Within seconds they can see whether the certificate is genuine, which office issued it and when.
faq-authentic-link = Check a certificate
faq-privacy-q = What happens to my data?
faq-privacy-a =
    Your details are used only for your application: by the youth welfare office where you live and by the one at your child's place of birth.
    This website sets a cookie only when you log in. There is no tracking, no advertising and no JavaScript. The pre-check does not store your answers.
faq-cost-q = What does the certificate cost?
faq-cost-a = Nothing. The certificate is free of charge, even if you apply more than once.
faq-not-eligible-q = What can I do if I cannot apply?
faq-not-eligible-a =
    The pre-check explains why you cannot apply and names the youth welfare office responsible for you, which can advise you.
    If a court has given you sole custody, the court's decision itself is your proof, and you do not need the certificate.
faq-not-eligible-link = Go to the pre-check
faq-abroad-q = My child was born abroad. Can I still apply?
faq-abroad-a = Yes. For children born abroad, the custody register is kept by the State of Berlin. Your application goes there automatically. In the application, you enter the country and the place of birth.
faq-again-q = I already have a certificate. Do I need a new one?
faq-again-a = A certificate shows the custody register as it stood on the day of issue. Many organisations therefore ask for a recent one. You can apply for a new certificate at any time.
faq-account-q = How do I log in?
faq-account-a = You log in with your citizen account for public services, for example with the online ID function of your German identity card. That way the offices know for certain that you are the one applying.

## The pre-check

precheck-title = Check first: can you apply?
precheck-lead = Answer five short questions and tell us where you live. You will then find out whether you can apply online for the sole custody certificate and which youth welfare office is responsible for you.
precheck-mother-legend = Are you the child's mother?
precheck-mother-hint = Only the mother can apply.
precheck-mother-error = Please say whether you are the child's mother.
precheck-married-father-legend = Are you or were you married to the child's father?
precheck-married-father-hint = Also answer yes if you are divorced or only married after the birth.
precheck-married-father-error = Please say whether you are or were married to the child's father.
precheck-married-other-legend = Were you married to another man when the child was born?
precheck-married-other-hint = Answer no if a court has found that this man is not the father (his paternity was successfully contested).
precheck-married-other-error = Please say whether you were married to another man when the child was born.
precheck-court-legend = Has a court given custody to one parent alone?
precheck-court-hint = This means a family court decision giving sole parental custody to you or to the father.
precheck-court-error = Please say whether a court has given custody to one parent alone.
precheck-birth-legend = When was your child born?
precheck-birth-hint = For example, 27 3 2019.
precheck-place-label = Where do you live? Municipality or postal code
precheck-place-hint = This tells us which youth welfare office is responsible for you. For example, Bremen or 28195.
precheck-submit = Check
precheck-nothing-stored = Your answers are not stored.
precheck-change-heading = Your answers
precheck-eligible-title = You can apply for the certificate online
precheck-eligible-body =
    Based on your answers, you meet the requirements. Log in and apply. You will need your child's name, date of birth and place of birth.
    The youth welfare office then checks the custody register for entries.
precheck-login-cta = Log in and apply
precheck-office = Your youth welfare office: { $office }
precheck-not-eligible-title = You cannot apply for the certificate online
precheck-not-eligible-lead = Based on your answers, a sole custody certificate cannot be issued. The reasons:
precheck-reason-not-mother-heading = Only the mother can apply
precheck-reason-not-mother-body = The certificate confirms that the mother holds custody alone. That is why only she can apply for it (§ 58 (2) SGB VIII). Other people, including the father, can ask the youth welfare office for advice.
precheck-reason-married-father-heading = You are or were married to the father
precheck-reason-married-father-body = Parents who are or were married to each other – even if they married only after the birth – share custody by law (§ 1626a (1) no. 2 BGB). A divorce alone does not change that.
precheck-reason-married-other-heading = You were married to another man when the child was born
precheck-reason-married-other-body = Your husband at the time is the child's legal father (§ 1592 no. 1 BGB), and you share custody. This does not apply if his paternity was successfully contested; in that case, answer this question with no.
precheck-reason-court-heading = A court gave custody to one parent alone
precheck-reason-court-body = In that case, the family court's decision itself is your proof, and you do not need the certificate. You can get a certified copy of the decision from the court.
precheck-reason-of-age-heading = Your child is of age
precheck-reason-of-age-body = At 18 your child comes of age, and parental custody ends (§ 2, § 1626 (1) BGB). A certificate about custody is therefore no longer possible.
precheck-contact-heading = What you can do now
precheck-contact-body = Contact the youth welfare office responsible for you. It can advise you on what proof you can get instead.
precheck-bring-body =
    Bring with you:
    - your identity card or passport,
    - your child's birth certificate,
    - if you have them: marriage certificate, divorce decree and family court decisions.

## applicant pages

apply-title = Apply for your certificate of sole custody
apply-lead = Please add the details of your child and check your address. All fields are required.
apply-you-heading = About you
apply-you-from-account = These details come from your citizen account. You cannot change them here.
apply-you-name = Name
apply-you-birth-name = Birth name
apply-you-birth-date = Date of birth
apply-own-birth-legend = Your date of birth
apply-own-birth-hint = Your citizen account does not include your date of birth. For example, 17 2 1993.
apply-address-heading = Your address
apply-address-hint = The youth welfare office (Jugendamt) where you live issues the certificate.
apply-street = Street and house number
apply-postal-code = Postal code
apply-home-label = Town or municipality where you live (name or postal code)
apply-child-heading = Your child
apply-child-given = Your child's given names
apply-child-given-hint = All given names, as they are on the birth certificate.
apply-child-family = Your child's family name when the birth was registered
apply-child-family-hint = The family name on the birth certificate, even if your child has a different name now.
apply-child-birth = Your child's date of birth
apply-child-birth-hint = For example, 4 5 2020.
apply-born-legend = Where was your child born?
apply-born-germany = In Germany
apply-born-abroad = Abroad
apply-birth-place-label = Place of birth in Germany (name or postal code)
apply-birth-place-hint = Only for a birth in Germany. For example, Cuxhaven or 27472.
apply-country = Country of birth abroad
apply-country-hint = Only for a birth abroad: the two-letter country code, for example AT for Austria, PL for Poland or TR for Turkey.
apply-abroad-place = Place of birth abroad
apply-abroad-place-hint = Only for a birth abroad. For example, Vienna.
apply-declaration-heading = Your declaration
apply-declaration-intro = With this application you declare:
apply-declaration-statements =
    - I am the child's mother.
    - I am not married to the child's father and have never been.
    - When the child was born, I was not married to another man (or his paternity was successfully contested).
    - No court has given parental custody to one parent alone.
apply-declaration-check = I confirm that all four statements are true.
apply-declaration-not-true = Is one of the statements not true? Then a certificate usually cannot be issued.
apply-declaration-precheck-link = Check what applies in your case
apply-continue = Continue to the summary
apply-error-account = We cannot use the details from your citizen account as they are. Please contact your youth welfare office.
apply-error-own-birth = Please enter your date of birth.
apply-error-street-missing = Please enter your street and house number.
apply-error-postal-code-missing = Please enter your postal code.
apply-error-postal-code-format = A postal code has five digits, for example 28195.
apply-error-postal-code-place = The postal code does not belong to the place you chose. Please check both.
apply-error-place-unknown = We cannot find this place. Please enter it again.
apply-error-child-given-missing = Please enter your child's given names.
apply-error-child-family-missing = Please enter your child's family name when the birth was registered.
apply-error-mother-older = Your child's date of birth must be after your own.
apply-error-born-missing = Please say whether your child was born in Germany or abroad.
apply-error-country-missing = Please enter the country where your child was born.
apply-error-country-unknown = Please enter the country as a two-letter code, for example AT for Austria.
apply-error-country-germany = Was your child born in Germany? Then please choose “In Germany” and enter the place of birth.
apply-error-abroad-place-missing = Please enter the place of birth abroad.
apply-error-declaration = Please confirm your declaration. If a statement is not true, please first check what applies in your case.
apply-error-characters = { $field }: please use only letters, spaces, hyphens, apostrophes and full stops.
apply-error-too-long = { $field }: please enter at most { $max } characters.
apply-error-invalid = { $field }: we cannot process this entry. Please check it.
apply-review-title = Please check your details
apply-review-lead = Is everything correct? Then send your application. You will usually see the result straight away.
apply-review-address = Address
apply-review-birth-place = Place of birth
apply-review-abroad = { $place } (abroad, country code { $country })
apply-review-declaration = You have confirmed that all four statements are true.
apply-review-office-heading = Your application goes to
apply-review-submit = Send application
apply-review-change = Change details
apply-status-about = Your application
apply-status-received = Received
apply-status-waiting-heading = Your application is being processed
apply-status-waiting-register = We are asking the custody register at your child's place of birth ({ $office }) whether it holds any entries. This usually takes only a few seconds.
apply-status-waiting-review = The custody register holds an entry or a declaration that might concern your child. A member of staff at the register office ({ $office }) is now checking it manually. This can take a few days.
apply-status-waiting-refresh = You can close this page: under “My applications” you can check the progress of your application at any time. To see the latest status here, reload the page.
apply-status-refresh = Refresh
apply-status-issued-heading = Your certificate of sole custody has been issued
apply-status-issued-body = The custody register holds no entries for your child. You have sole parental custody.
apply-status-partial-heading = Your certificate has been issued
apply-status-partial-body = The custody register holds entries only for these parts of parental custody:
apply-status-partial-rest = For all other parts, you have sole parental custody. The certificate says so too.
apply-status-number = Certificate number
apply-status-as-of = Register as of
apply-status-issued-by = Issued by
apply-status-download = Download the certificate (PDF)
apply-status-next-heading = What next?
apply-status-next-body =
    Print the certificate or send the PDF file to whoever asks for it, for example a school, a nursery or the passport office.
    The certificate shows the custody register as of the time stated on it. If you need a new one later, simply apply again.
apply-status-verify = Whoever receives the certificate can check it online:
apply-status-verify-link = Check a certificate
apply-status-revoked = This certificate was revoked on { $date }. Please contact { $office }.
apply-status-no-document = The certificate is not available as a file here. Please contact { $issuing }.
apply-status-contact-heading = Whom to contact
apply-status-no-heading = A certificate of sole custody cannot be issued
apply-status-no-body = There are entries in the custody register. A certificate of sole custody cannot be issued.
apply-status-no-contact = Questions about the entries are answered by the youth welfare office that keeps the custody register: { $register }. Your local youth welfare office is { $issuing }.
apply-status-not-eligible-heading = You cannot receive the certificate of sole custody
apply-status-not-eligible-contact = Your youth welfare office can advise you on what proof you can get instead: { $issuing }.
apply-state-waiting = Being processed
apply-state-review = Being checked by the youth welfare office
apply-state-negative = Certificate of sole custody issued
apply-state-partial = Certificate issued, with entries for parts of custody
apply-state-no = No certificate possible
apply-state-not-eligible = Not entitled to the certificate
apply-mine-title = My applications
apply-mine-caption = Your applications, newest first
apply-mine-child = Child
apply-mine-state = Status
apply-mine-empty = You have not made any applications yet.
apply-mine-link = All my applications
apply-new-link = Make a new application
apply-not-found-title = We cannot find this application
apply-not-found-body = There is no application at this address in your citizen account. Please look under “My applications”.
apply-conflict-title = This application has already been sent
apply-conflict-body = You already sent this application with other details. Under “My applications” you can see its progress. For other details, please make a new application.
apply-submit-too-many = A large number of applications has just been sent from your connection. Please wait { $seconds } seconds and then send your application again.

## login
login-title = Log in with your citizen account
login-intro =
    To apply, you log in with your citizen account, for example with the online ID function of your German identity card. This way we know for sure that it is you.
    Your citizen account sends us only this information:
    - your given names and family name, and your birth name if you have one
    - your date of birth
    - your address
    - how secure the login was (at least the assurance level “substantial”)
    We use this information for your application only. When you log out, or at the latest two hours after you log in, we delete it from your session.
login-test-provider =
    This is a demo. The login leads to a test provider, not to a real citizen account. There you choose a test person, for example Sophia Berger.
login-button = Continue to the citizen account
login-unavailable = Login with a citizen account is not set up on this platform. Please contact your youth welfare office.
login-too-many = Too many logins have been started. Please wait { $seconds } seconds and try again.
login-provider-down = The citizen account cannot be reached at the moment. Nothing is lost, because nothing has been stored yet. Please try again in a few minutes.
login-expired = This login has expired or was started in another browser. Please log in again.
login-cancelled = You cancelled the login. Nothing was stored.
login-low-assurance =
    Your login was not secure enough. This application needs the assurance level “substantial” or “high”, for example with the online ID function of your German identity card.
    Please log in again and choose one of these ways of logging in.
login-failed = The login did not work, because the citizen account did not send a valid answer. Please try again.
login-problem-title = Login not possible
login-again = Log in again
logged-out-title = You are logged out
logged-out-body = Your session has ended. The information from your citizen account has been deleted from the session. Your applications and certificates remain stored; you will find them under “My applications” the next time you log in.
logged-out-home = To the start page
forbidden-title = Request refused
forbidden-body = For security reasons we could not accept this request: it did not come from a page of this portal, or your session has changed in the meantime. Please reload the page and try again.
