import type { Catalogue } from '../i18n.js';

/** The connect pages in German. */
export const de: Catalogue = {
  connectKicker: 'Konto verbinden',
  wantsToUse: '{app} möchte Ihr {provider}-Konto verwenden',
  keptSafe:
    '{app} erhält den Zugriff über Plugboard, das ihn verschlüsselt aufbewahrt. Sie können die Verbindung jederzeit trennen.',
  accessHeading: 'Was {app} tun darf',
  noScopes: '{provider} legt fest, welcher Zugriff gewährt wird; Sie sehen ihn dort, bevor Sie zustimmen.',
  sensitive: 'sensibel',
  rawScopes: 'Technische Namen dieses Zugriffs',
  signInAt: 'Sie melden sich bei {provider} an und entscheiden dort, ob Sie es erlauben.',
  continueTo: 'Weiter zu {provider}',
  formIntro: 'Geben Sie Ihre {provider}-Zugangsdaten ein. {provider} prüft sie, bevor etwas gespeichert wird.',
  noForm: '{provider} kann nicht auf dieser Seite verbunden werden: {app} richtet es für Sie ein.',
  connectButton: 'Verbinden',
  formNotSaved: 'Noch nicht verbunden',
  afterPopup: 'Dieses Fenster schließt sich von selbst, wenn Sie fertig sind.',
  afterReturn: 'Danach kehren Sie zu {origin} zurück.',
  linkLifetimeOne: 'Dieser Link funktioniert einmal, noch etwa eine Minute lang.',
  linkLifetime: 'Dieser Link funktioniert einmal, noch {minutes} Minuten lang.',
  connectedTitle: 'Verbunden',
  connectedAccount: 'Ihr {provider}-Konto {account} ist mit {app} verbunden.',
  connectedNoName: 'Ihr {provider}-Konto ist mit {app} verbunden.',
  closeWindow: 'Sie können dieses Fenster schließen.',
  deniedTitle: 'Sie haben den Zugriff abgelehnt',
  deniedText:
    'Es wurde nichts verbunden: {app} kann Ihr {provider}-Konto nicht verwenden. Doch anders entschieden? Beginnen Sie erneut in {app}.',
  failedTitle: 'Nicht verbunden',
  failedText:
    '{provider} hat die Verbindung nicht abgeschlossen, daher wurde nichts gespeichert. Versuchen Sie es erneut in {app}.',
  supportDetails: 'Details für den Support',
  linkUsedTitle: 'Dieser Link wurde bereits verwendet',
  linkUsedText: 'Jeder Verbindungslink funktioniert nur einmal: Bitten Sie die App um einen neuen.',
  linkExpiredTitle: 'Dieser Link ist abgelaufen',
  linkExpiredText: 'Verbindungslinks funktionieren nur wenige Minuten: Bitten Sie die App um einen neuen.',
  linkUnknownTitle: 'Dieser Link funktioniert nicht',
  linkUnknownText: 'Er wurde beim Kopieren vielleicht abgeschnitten: Bitten Sie die App um einen neuen.',
  chooseHeading: 'Welches Konto soll {app} verwenden?',
  chooseIntro:
    'Wählen Sie den Dienst, bei dem Ihr Konto ist. Danach sehen Sie, worum {app} bittet, bevor etwas verbunden wird.',
  chooseListLabel: 'Dienste, die Sie verbinden können',
  searchLabel: 'Nach einem Dienst suchen',
  searchButton: 'Suchen',
  searchShowing: '{shown} von {total} Diensten passen zu „{query}“.',
  searchShowAll: 'Alle Dienste zeigen',
  searchNoMatch: 'Kein Dienst passt zu „{query}“.',
  choiceTakenTitle: 'Über diesen Link wurde schon ein Dienst gewählt',
  choiceTakenText:
    'Kehren Sie zur Seite zurück, auf der er gewählt wurde, oder bitten Sie die App um einen neuen Link.',
  choiceRefusedTitle: 'Dieser Dienst kann hier nicht gewählt werden',
  choiceRefusedText:
    'Gehen Sie zurück und wählen Sie einen der aufgeführten Dienste, oder bitten Sie die App um einen neuen Link.',
  crossSiteTitle: 'Dieses Formular kam von einer anderen Website',
  crossSiteText: 'Zum Schutz Ihres Kontos wurde nichts gesendet. Kehren Sie zur App zurück und beginnen Sie erneut.',
  callbackFailedTitle: 'Die Verbindung konnte nicht abgeschlossen werden',
  callbackFailedText:
    'Die Antwort der Anmeldeseite war unvollständig. Kehren Sie zur App zurück und beginnen Sie erneut.',
  pageFailedTitle: 'Diese Seite konnte nicht angezeigt werden',
  pageFailedText: 'Bei uns ist etwas schiefgegangen. Kehren Sie zur App zurück und beginnen Sie erneut.',
  homeTitle: 'Plugboard',
  homeText:
    'Dieser Server verbindet Apps mit Ihren Konten bei anderen Diensten. Hier gibt es nichts zu tun: Eine App schickt Sie auf ihre Seiten, wenn Sie ein Konto verbinden.',
  homeAdmin: 'Betreiben Sie diesen Server? Siehe die API-Beschreibung und die Zustandsprüfung.',
  homeApi: 'API-Beschreibung',
  homeHealth: 'Zustandsprüfung',
};
