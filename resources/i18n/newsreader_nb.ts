<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nb_NO">
<context>
    <name>Actions</name>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Innstillinger…</translation>
    </message>
    <message>
        <source>&amp;Save links…</source>
        <translation>&amp;Lagre lenker…</translation>
    </message>
    <message>
        <source>Paste links to save</source>
        <translation>Lim inn lenker du vil lagre</translation>
    </message>
    <message>
        <source>&amp;Import links from file…</source>
        <translation type="vanished">&amp;Importer lenker fra fil…</translation>
    </message>
    <message>
        <source>A text, CSV or bookmarks file</source>
        <translation type="vanished">En tekstfil, CSV-fil eller bokmerkefil</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>&amp;Importer…</translation>
    </message>
    <message>
        <source>An export of Pocket, Instapaper, Omnivore, wallabag and others, bookmarks, links</source>
        <translation>En eksport fra Pocket, Instapaper, Omnivore, wallabag og andre, bokmerker, lenker</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>E&amp;ksporter…</translation>
    </message>
    <message>
        <source>EPUB, Markdown, HTML, JSON and more</source>
        <translation>EPUB, Markdown, HTML, JSON og mer</translation>
    </message>
    <message>
        <source>Fetch lin&amp;k-only articles</source>
        <translation>Hent artikler som bare er &amp;nettlenker</translation>
    </message>
    <message>
        <source>Try again to fetch every article saved as a link only</source>
        <translation>Prøv igjen å hente alle artikler som er lagret bare som lenke</translation>
    </message>
    <message>
        <source>Search &amp;library</source>
        <translation>Søk i &amp;biblioteket</translation>
    </message>
    <message>
        <source>Search every saved article</source>
        <translation>Søk i alle lagrede artikler</translation>
    </message>
    <message>
        <source>Clear search</source>
        <translation>Tøm søket</translation>
    </message>
    <message>
        <source>How to &amp;search…</source>
        <translation>Slik &amp;søker du…</translation>
    </message>
    <message>
        <source>Words, phrases, OR, -, prefix*, filters</source>
        <translation>Ord, fraser, OR, -, prefiks*, filtre</translation>
    </message>
    <message>
        <source>Save searc&amp;h…</source>
        <translation>La&amp;gre søket…</translation>
    </message>
    <message>
        <source>Keep this search as a view of its own, with its count</source>
        <translation>Ta vare på søket som en egen visning, med antallet det finner</translation>
    </message>
    <message>
        <source>Rename saved sear&amp;ch…</source>
        <translation>Gi lagret søk nytt na&amp;vn…</translation>
    </message>
    <message>
        <source>&amp;Edit saved search…</source>
        <translation>&amp;Endre lagret søk…</translation>
    </message>
    <message>
        <source>Change what the saved search finds</source>
        <translation>Endre hva det lagrede søket finner</translation>
    </message>
    <message>
        <source>Delete saved search</source>
        <translation>Slett lagret søk</translation>
    </message>
    <message>
        <source>&amp;Find in article…</source>
        <translation>&amp;Finn i artikkelen…</translation>
    </message>
    <message>
        <source>Find next</source>
        <translation>Finn neste</translation>
    </message>
    <message>
        <source>Find previous</source>
        <translation>Finn forrige</translation>
    </message>
    <message>
        <source>&amp;Next article</source>
        <translation>&amp;Neste artikkel</translation>
    </message>
    <message>
        <source>&amp;Previous article</source>
        <translation>&amp;Forrige artikkel</translation>
    </message>
    <message>
        <source>&amp;Open article</source>
        <translation>Å&amp;pne artikkelen</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>&amp;Arkiver</translation>
    </message>
    <message>
        <source>Archive (or move back to Unread)</source>
        <translation>Arkiver (eller flytt tilbake til Ulest)</translation>
    </message>
    <message>
        <source>&amp;Favourite</source>
        <translation>Fa&amp;voritt</translation>
    </message>
    <message>
        <source>Mark as favourite</source>
        <translation>Merk som favoritt</translation>
    </message>
    <message>
        <source>Edit &amp;tags…</source>
        <translation>Rediger s&amp;tikkord…</translation>
    </message>
    <message>
        <source>Mark as &amp;unread</source>
        <translation>Merk som &amp;ulest</translation>
    </message>
    <message>
        <source>Mark as unread (or as read)</source>
        <translation>Merk som ulest (eller som lest)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Slett</translation>
    </message>
    <message>
        <source>Delete (with Undo)</source>
        <translation>Slett (kan angres)</translation>
    </message>
    <message>
        <source>&amp;Highlight</source>
        <translation>&amp;Uthev</translation>
    </message>
    <message>
        <source>Highlight the selected text</source>
        <translation>Uthev den merkede teksten</translation>
    </message>
    <message>
        <source>Add &amp;note…</source>
        <translation>Legg til &amp;notat…</translation>
    </message>
    <message>
        <source>A note on the highlight, or on the article</source>
        <translation>Et notat til uthevingen, eller til artikkelen</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Angre</translation>
    </message>
    <message>
        <source>Undo the last delete or archive</source>
        <translation>Angre siste sletting eller arkivering</translation>
    </message>
    <message>
        <source>R&amp;e-fetch</source>
        <translation>&amp;Hent på nytt</translation>
    </message>
    <message>
        <source>Open in &amp;browser</source>
        <translation>Åpne &amp;i nettleseren</translation>
    </message>
    <message>
        <source>&amp;Re-fetch</source>
        <translation type="vanished">&amp;Hent på nytt</translation>
    </message>
    <message>
        <source>Download the article again</source>
        <translation>Last ned artikkelen på nytt</translation>
    </message>
    <message>
        <source>Retry save</source>
        <translation>Prøv lagringen igjen</translation>
    </message>
    <message>
        <source>Retry a failed save</source>
        <translation>Prøv en mislykket lagring igjen</translation>
    </message>
    <message>
        <source>&amp;Cancel save</source>
        <translation>Avbryt la&amp;gringen</translation>
    </message>
    <message>
        <source>Stop saving (or Escape on the row)</source>
        <translation>Stopp lagringen (eller Esc på raden)</translation>
    </message>
    <message>
        <source>Cancel &amp;all saves</source>
        <translation>Avbryt &amp;alle lagringer</translation>
    </message>
    <message>
        <source>Stop every save under way</source>
        <translation>Stopp alle lagringer som pågår</translation>
    </message>
    <message>
        <source>Sa&amp;ves in flight and failed</source>
        <translation>Lagringer (&amp;pågående og mislykkede)</translation>
    </message>
    <message>
        <source>Go to the Saves view</source>
        <translation>Gå til Lagringer</translation>
    </message>
    <message>
        <source>Retry all &amp;failed saves</source>
        <translation>Prøv alle &amp;mislykkede lagringer igjen</translation>
    </message>
    <message>
        <source>Retry every failed save that can work</source>
        <translation>Prøv alle mislykkede lagringer som kan lykkes, på nytt</translation>
    </message>
    <message>
        <source>&amp;Edit address and retry…</source>
        <translation>&amp;Rett adressen og prøv igjen…</translation>
    </message>
    <message>
        <source>Correct the address of a failed save</source>
        <translation>Rett adressen til en mislykket lagring</translation>
    </message>
    <message>
        <source>C&amp;lear failed saves</source>
        <translation>F&amp;jern mislykkede lagringer</translation>
    </message>
    <message>
        <source>Forget every failed save</source>
        <translation>Glem alle mislykkede lagringer</translation>
    </message>
    <message>
        <source>Open &amp;original</source>
        <translation type="vanished">Åpne &amp;originalen</translation>
    </message>
    <message>
        <source>Open in your web browser</source>
        <translation>Åpne i nettleseren</translation>
    </message>
    <message>
        <source>&amp;Copy link</source>
        <translation>&amp;Kopier lenken</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>&amp;Større tekst</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>&amp;Mindre tekst</translation>
    </message>
    <message>
        <source>&amp;Normal size</source>
        <translation>&amp;Normal størrelse</translation>
    </message>
    <message>
        <source>Se&amp;rif font</source>
        <translation>Se&amp;riffskrift</translation>
    </message>
    <message>
        <source>Note&amp;book</source>
        <translation>Notat&amp;bok</translation>
    </message>
    <message>
        <source>Show the article&apos;s highlights and notes beside it</source>
        <translation>Vis artikkelens uthevinger og notater ved siden av den</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Hurtigtaster</translation>
    </message>
    <message>
        <source>&amp;About newsreader</source>
        <translation>&amp;Om newsreader</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Av&amp;slutt</translation>
    </message>
</context>
<context>
    <name>ArticleActions</name>
    <message>
        <source>Could not {}: {}</source>
        <translation type="vanished">Kunne ikke {}: {}</translation>
    </message>
    <message>
        <source>Could not read the library: {}</source>
        <translation type="vanished">Kunne ikke lese biblioteket: {}</translation>
    </message>
    <message>
        <source>“{}”</source>
        <translation type="vanished">«{}»</translation>
    </message>
    <message>
        <source>1 article</source>
        <translation type="vanished">1 artikkel</translation>
    </message>
    <message numerus="yes">
        <source>%n articles</source>
        <translation type="vanished">
            <numerusform>%n artikkel</numerusform>
            <numerusform>%n artikler</numerusform>
        </translation>
    </message>
    <message>
        <source>Archived</source>
        <translation type="vanished">Arkivert</translation>
    </message>
    <message>
        <source>Moved back to Unread</source>
        <translation type="vanished">Flyttet tilbake til Ulest</translation>
    </message>
    <message>
        <source>archive {}</source>
        <translation type="vanished">arkivere {}</translation>
    </message>
    <message>
        <source>move {} back to Unread</source>
        <translation type="vanished">flytte {} tilbake til Ulest</translation>
    </message>
    <message>
        <source>Marked as favourite</source>
        <translation type="vanished">Merket som favoritt</translation>
    </message>
    <message>
        <source>No longer a favourite</source>
        <translation type="vanished">Ikke lenger favoritt</translation>
    </message>
    <message>
        <source>mark {} as favourite</source>
        <translation type="vanished">merke {} som favoritt</translation>
    </message>
    <message>
        <source>unmark {} as favourite</source>
        <translation type="vanished">fjerne {} fra favoritter</translation>
    </message>
    <message>
        <source>{}: {}</source>
        <translation type="vanished">{}: {}</translation>
    </message>
    <message>
        <source>Marked as read</source>
        <translation type="vanished">Merket som lest</translation>
    </message>
    <message>
        <source>Marked as unread</source>
        <translation type="vanished">Merket som ulest</translation>
    </message>
    <message>
        <source>mark {} as read</source>
        <translation type="vanished">merke {} som lest</translation>
    </message>
    <message>
        <source>mark {} as unread</source>
        <translation type="vanished">merke {} som ulest</translation>
    </message>
    <message>
        <source>mark “{}” as read</source>
        <translation type="vanished">merke «{}» som lest</translation>
    </message>
    <message>
        <source>store the reading position</source>
        <translation type="vanished">lagre leseposisjonen</translation>
    </message>
    <message>
        <source>change the tags of “{}”</source>
        <translation type="vanished">endre stikkordene til «{}»</translation>
    </message>
    <message>
        <source>none</source>
        <translation type="vanished">ingen</translation>
    </message>
    <message>
        <source>Tags: {}</source>
        <translation type="vanished">Stikkord: {}</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation type="vanished">Slettet.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="vanished">Angre</translation>
    </message>
    <message>
        <source>Deleted {}.  (Ctrl+Z)</source>
        <translation type="vanished">Slettet {}.  (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Delete undone.</source>
        <translation type="vanished">Slettingen er angret.</translation>
    </message>
    <message>
        <source>delete “{}”</source>
        <translation type="vanished">slette «{}»</translation>
    </message>
    <message>
        <source>delete {}</source>
        <translation type="vanished">slette {}</translation>
    </message>
    <message>
        <source>Downloading again: {0}</source>
        <translation type="vanished">Laster ned på nytt: {0}</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation type="vanished">Lenken er kopiert.</translation>
    </message>
</context>
<context>
    <name>ArticleCommands</name>
    <message>
        <source>Mark as &amp;read</source>
        <translation>Merk som &amp;lest</translation>
    </message>
    <message>
        <source>Mark as &amp;unread</source>
        <translation>Merk som &amp;ulest</translation>
    </message>
    <message>
        <source>No article is open: choose one in the list first.</source>
        <translation>Ingen artikkel er åpen: velg en i listen først.</translation>
    </message>
    <message>
        <source>Choose one article for this, not several.</source>
        <translation>Velg én artikkel for dette, ikke flere.</translation>
    </message>
    <message>
        <source>“{}”</source>
        <translation>«{}»</translation>
    </message>
    <message>
        <source>1 article</source>
        <translation type="vanished">1 artikkel</translation>
    </message>
    <message numerus="yes">
        <source>%n articles</source>
        <translation>
            <numerusform>%n artikkel</numerusform>
            <numerusform>%n artikler</numerusform>
        </translation>
    </message>
    <message>
        <source>archive {}</source>
        <translation>arkivere {}</translation>
    </message>
    <message>
        <source>move {} back to Unread</source>
        <translation>flytte {} tilbake til Ulest</translation>
    </message>
    <message>
        <source>undo the archive of {}</source>
        <translation>angre arkiveringen av {}</translation>
    </message>
    <message>
        <source>mark {} as favourite</source>
        <translation>merke {} som favoritt</translation>
    </message>
    <message>
        <source>unmark {} as favourite</source>
        <translation>fjerne {} fra favoritter</translation>
    </message>
    <message>
        <source>Marked as favourite</source>
        <translation>Merket som favoritt</translation>
    </message>
    <message>
        <source>No longer a favourite</source>
        <translation>Ikke lenger favoritt</translation>
    </message>
    <message>
        <source>mark {} as read</source>
        <translation>merke {} som lest</translation>
    </message>
    <message>
        <source>mark {} as unread</source>
        <translation>merke {} som ulest</translation>
    </message>
    <message>
        <source>Marked as read</source>
        <translation>Merket som lest</translation>
    </message>
    <message>
        <source>Marked as unread</source>
        <translation>Merket som ulest</translation>
    </message>
    <message>
        <source>{}: {}</source>
        <translation>{}: {}</translation>
    </message>
    <message>
        <source>change the tags of “{}”</source>
        <translation>endre stikkordene til «{}»</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ingen</translation>
    </message>
    <message>
        <source>Tags: {}</source>
        <translation>Stikkord: {}</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>Slettet.</translation>
    </message>
    <message>
        <source>delete “{}”</source>
        <translation>slette «{}»</translation>
    </message>
    <message>
        <source>delete {}</source>
        <translation>slette {}</translation>
    </message>
    <message>
        <source>Downloading again: {0}</source>
        <translation>Laster ned på nytt: {0}</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation>Lenken er kopiert.</translation>
    </message>
</context>
<context>
    <name>ArticleDelegate</name>
    <message>
        <source>Queued</source>
        <translation>I kø</translation>
    </message>
    <message>
        <source>Fetching…</source>
        <translation>Henter…</translation>
    </message>
    <message>
        <source>Extracting text…</source>
        <translation>Henter ut teksten…</translation>
    </message>
    <message>
        <source>Downloading images…</source>
        <translation>Laster ned bilder…</translation>
    </message>
    <message>
        <source>Storing…</source>
        <translation>Lagrer…</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Lagret</translation>
    </message>
    <message>
        <source>paywall?</source>
        <translation>betalingsmur?</translation>
    </message>
    <message>
        <source>partial</source>
        <translation>ufullstendig</translation>
    </message>
    <message>
        <source>not fetched yet</source>
        <translation>ikke hentet ennå</translation>
    </message>
    <message>
        <source>link only</source>
        <translation>bare lenke</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Avbryter…</translation>
    </message>
    <message>
        <source>Failed (F2 to edit the address): {0}</source>
        <translation>Mislyktes (F2 for å rette adressen): {0}</translation>
    </message>
    <message>
        <source>Failed (R to retry): {0}</source>
        <translation>Mislyktes (R for å prøve igjen): {0}</translation>
    </message>
    <message>
        <source>In your note:</source>
        <translation>I notatet ditt:</translation>
    </message>
    <message>
        <source>In your highlight:</source>
        <translation>I uthevingen din:</translation>
    </message>
    <message>
        <source>In a caption:</source>
        <translation>I en bildetekst:</translation>
    </message>
    <message>
        <source>In an image&apos;s alt text:</source>
        <translation>I et bildes alternative tekst:</translation>
    </message>
    <message>
        <source>In a tag:</source>
        <translation>I et stikkord:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
</context>
<context>
    <name>ArticleList</name>
    <message>
        <source>Unread</source>
        <translation>Ulest</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation>Favoritter</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation>Arkiv</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>Uthevinger</translation>
    </message>
    <message>
        <source>Saved searches</source>
        <translation>Lagrede søk</translation>
    </message>
    <message>
        <source>Newest saved</source>
        <translation>Sist lagret</translation>
    </message>
    <message>
        <source>Newest published</source>
        <translation>Sist publisert</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tittel</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Nettsted</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Vis</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation>Sorter etter</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation>Artikler</translation>
    </message>
    <message>
        <source>{0}  ({1})</source>
        <translation>{0}  ({1})</translation>
    </message>
    <message numerus="yes">
        <source>Saves (%n failed)</source>
        <translation>
            <numerusform>Lagringer (%n mislykket)</numerusform>
            <numerusform>Lagringer (%n mislykkede)</numerusform>
        </translation>
    </message>
    <message>
        <source>Saves</source>
        <translation>Lagringer</translation>
    </message>
    <message>
        <source>Search in “{}”</source>
        <translation>Søk i «{}»</translation>
    </message>
    <message>
        <source>Did you mean {}?</source>
        <translation>Mente du {}?</translation>
    </message>
    <message>
        <source>Could not read the library: {}</source>
        <translation>Kunne ikke lese biblioteket: {}</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Søker…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln mislykket</numerusform>
            <numerusform>%Ln mislykkede</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln in progress</source>
        <translation>
            <numerusform>%Ln pågående</numerusform>
            <numerusform>%Ln pågående</numerusform>
        </translation>
    </message>
    <message>
        <source>No failed saves</source>
        <translation>Ingen mislykkede lagringer</translation>
    </message>
    <message numerus="yes">
        <source>%Ln matching articles</source>
        <translation>
            <numerusform>%Ln artikkel passer</numerusform>
            <numerusform>%Ln artikler passer</numerusform>
        </translation>
    </message>
    <message>
        <source>1 match in all articles</source>
        <translation type="vanished">1 treff i alle artikler</translation>
    </message>
    <message numerus="yes">
        <source>%Ln matches in all articles</source>
        <translation>
            <numerusform>%Ln treff i alle artikler</numerusform>
            <numerusform>%Ln treff i alle artikler</numerusform>
        </translation>
    </message>
    <message>
        <source>1 article</source>
        <translation type="vanished">1 artikkel</translation>
    </message>
    <message numerus="yes">
        <source>%Ln articles</source>
        <translation>
            <numerusform>%Ln artikkel</numerusform>
            <numerusform>%Ln artikler</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArticleWrites</name>
    <message>
        <source>Could not {}: {}</source>
        <translation>Kunne ikke {}: {}</translation>
    </message>
    <message>
        <source>Could not read the library: {}</source>
        <translation>Kunne ikke lese biblioteket: {}</translation>
    </message>
</context>
<context>
    <name>CurrentArticle</name>
    <message>
        <source>Could not open the article: {}</source>
        <translation>Kunne ikke åpne artikkelen: {}</translation>
    </message>
</context>
<context>
    <name>EditUrlDialog</name>
    <message>
        <source>Edit address</source>
        <translation>Rett adressen</translation>
    </message>
    <message>
        <source>Correct the address, then save it again:</source>
        <translation>Rett adressen, og lagre den på nytt:</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lagre</translation>
    </message>
    <message>
        <source>Not an address that can be saved: {0}</source>
        <translation type="vanished">Ikke en adresse som kan lagres: {0}</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>newsreader hit an unexpected error</source>
        <translation>newsreader støtte på en uventet feil</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;newsreader keeps running, and your library is unchanged by this error. If it happens again, please report it with the details below.&lt;br&gt;The log is at {1}.</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;newsreader kjører videre, og feilen har ikke endret noe i biblioteket ditt. Hvis det skjer igjen, vil vi gjerne at du melder fra om feilen med detaljene nedenfor.&lt;br&gt;Loggen ligger i {1}.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Kopier detaljene</translation>
    </message>
</context>
<context>
    <name>ExceptionHandler</name>
    <message>
        <source>not available</source>
        <translation>ikke tilgjengelig</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>Eksporter</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Eksporter:</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Eksporter…</translation>
    </message>
</context>
<context>
    <name>ExportFormats</name>
    <message>
        <source>EPUB 3 e-book (one book)</source>
        <translation>EPUB 3-e-bok (én bok)</translation>
    </message>
    <message>
        <source>Markdown folder (Obsidian, Logseq)</source>
        <translation>Markdown-mappe (Obsidian, Logseq)</translation>
    </message>
    <message>
        <source>HTML files, one per article</source>
        <translation>HTML-filer, én per artikkel</translation>
    </message>
    <message>
        <source>newsreader export (JSON, imports back)</source>
        <translation>newsreader-eksport (JSON, kan importeres igjen)</translation>
    </message>
    <message>
        <source>Bookmarks (browsers and other services)</source>
        <translation>Bokmerker (nettlesere og andre tjenester)</translation>
    </message>
    <message>
        <source>CSV spreadsheet</source>
        <translation>CSV-regneark</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <source>An export is already under way.</source>
        <translation>En eksport er allerede i gang.</translation>
    </message>
    <message numerus="yes">
        <source>The selected articles (%Ln)</source>
        <translation>
            <numerusform>De valgte artiklene (%Ln)</numerusform>
            <numerusform>De valgte artiklene (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The articles in this view (%Ln)</source>
        <translation>
            <numerusform>Artiklene i denne visningen (%Ln)</numerusform>
            <numerusform>Artiklene i denne visningen (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The whole library (%Ln articles)</source>
        <translation>
            <numerusform>Hele biblioteket (%Ln artikkel)</numerusform>
            <numerusform>Hele biblioteket (%Ln artikler)</numerusform>
        </translation>
    </message>
    <message>
        <source>Export as {0} into folder</source>
        <translation>Eksporter som {0} til mappe</translation>
    </message>
    <message>
        <source>newsreader export</source>
        <translation>newsreader-eksport</translation>
    </message>
    <message>
        <source>Export as {0}</source>
        <translation>Eksporter som {0}</translation>
    </message>
    <message numerus="yes">
        <source>Exporting %Ln article(s)…</source>
        <translation>
            <numerusform>Eksporterer %Ln artikkel…</numerusform>
            <numerusform>Eksporterer %Ln artikler…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Eksporter</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>Eksporten ble avbrutt.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln article(s) to {0}</source>
        <translation>
            <numerusform>Eksporterte %Ln artikkel til {0}</numerusform>
            <numerusform>Eksporterte %Ln artikler til {0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%Ln problem(s); see the log)</source>
        <translation>
            <numerusform>(%Ln problem; se loggen)</numerusform>
            <numerusform>(%Ln problemer; se loggen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Vis</translation>
    </message>
    <message>
        <source>Could not export: {0}</source>
        <translation>Kunne ikke eksportere: {0}</translation>
    </message>
</context>
<context>
    <name>FailureReasons</name>
    <message>
        <source>Only web addresses (http:// or https://) can be saved</source>
        <translation>Bare nettadresser (http:// eller https://) kan lagres</translation>
    </message>
    <message>
        <source>Not a valid web address</source>
        <translation>Ikke en gyldig nettadresse</translation>
    </message>
    <message>
        <source>The address leads to a file, not a web page</source>
        <translation>Adressen fører til en fil, ikke en nettside</translation>
    </message>
    <message>
        <source>Saving took too long</source>
        <translation>Lagringen tok for lang tid</translation>
    </message>
    <message>
        <source>The page could not be downloaded</source>
        <translation>Siden kunne ikke lastes ned</translation>
    </message>
    <message>
        <source>No article could be taken from the page</source>
        <translation>Fant ingen artikkel på siden</translation>
    </message>
    <message>
        <source>The library could not store it</source>
        <translation>Biblioteket kunne ikke lagre den</translation>
    </message>
    <message>
        <source>Something unexpected went wrong</source>
        <translation>Noe uventet gikk galt</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
</context>
<context>
    <name>HighlightColors</name>
    <message>
        <source>Yellow</source>
        <translation>Gul</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Grønn</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Blå</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Rød</translation>
    </message>
</context>
<context>
    <name>HighlightDelegate</name>
    <message>
        <source>placed approximately</source>
        <translation>plassert omtrentlig</translation>
    </message>
</context>
<context>
    <name>HighlightEdits</name>
    <message>
        <source>highlight the passage</source>
        <translation>utheve teksten</translation>
    </message>
    <message>
        <source>change the colour of the highlight</source>
        <translation>endre fargen på uthevingen</translation>
    </message>
    <message>
        <source>save the note</source>
        <translation>lagre notatet</translation>
    </message>
    <message>
        <source>save the article&apos;s note</source>
        <translation>lagre notatet til artikkelen</translation>
    </message>
    <message>
        <source>remove the highlight</source>
        <translation>fjerne uthevingen</translation>
    </message>
    <message>
        <source>restore the highlight</source>
        <translation>gjenopprette uthevingen</translation>
    </message>
</context>
<context>
    <name>HighlightNoteEditor</name>
    <message>
        <source>Note on the highlight</source>
        <translation type="vanished">Notat til uthevingen</translation>
    </message>
    <message>
        <source>Your note on this passage</source>
        <translation type="vanished">Ditt notat til dette utdraget</translation>
    </message>
</context>
<context>
    <name>HighlightsView</name>
    <message>
        <source>Colour</source>
        <translation>Farge</translation>
    </message>
    <message>
        <source>All colours</source>
        <translation>Alle farger</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Stikkord</translation>
    </message>
    <message>
        <source>no longer found</source>
        <translation>finnes ikke lenger</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>Uthevinger</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>Alle stikkord</translation>
    </message>
    <message>
        <source>Could not read the highlights: {}</source>
        <translation>Kunne ikke lese uthevingene: {}</translation>
    </message>
    <message>
        <source>Could not search: {}</source>
        <translation>Kunne ikke søke: {}</translation>
    </message>
    <message>
        <source>No highlights match.</source>
        <translation>Ingen uthevinger passer.</translation>
    </message>
    <message>
        <source>No highlights yet: select text in an article and press H.</source>
        <translation>Ingen uthevinger ennå: merk tekst i en artikkel og trykk H.</translation>
    </message>
    <message numerus="yes">
        <source>%n highlight(s)</source>
        <translation>
            <numerusform>%n utheving</numerusform>
            <numerusform>%n uthevinger</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportRow</name>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Open report</source>
        <translation>Åpne rapport</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Lukk</translation>
    </message>
    <message>
        <source>Starting the import…</source>
        <translation>Starter importen…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsett</translation>
    </message>
</context>
<context>
    <name>ImportTexts</name>
    <message>
        <source>Cannot import {0}: {1}</source>
        <translation>Kan ikke importere {0}: {1}</translation>
    </message>
    <message>
        <source>Import of {0} waits: {1}</source>
        <translation>Importen av {0} venter: {1}</translation>
    </message>
    <message numerus="yes">
        <source>Reading {0} ({1})… %Ln entries so far</source>
        <translation>
            <numerusform>Leser {0} ({1})… %Ln oppføring så langt</numerusform>
            <numerusform>Leser {0} ({1})… %Ln oppføringer så langt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln still to fetch</source>
        <translation>
            <numerusform>%Ln gjenstår å hente</numerusform>
            <numerusform>%Ln gjenstår å hente</numerusform>
        </translation>
    </message>
    <message>
        <source>Import of {0} paused: {1}</source>
        <translation>Importen av {0} er satt på pause: {1}</translation>
    </message>
    <message>
        <source>Import of {0} cancelled: {1}</source>
        <translation>Importen av {0} ble avbrutt: {1}</translation>
    </message>
    <message>
        <source>Imported {0}: {1}</source>
        <translation>Importerte {0}: {1}</translation>
    </message>
    <message>
        <source>Importing {0}: {1}</source>
        <translation>Importerer {0}: {1}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln artikkel</numerusform>
            <numerusform>%Ln artikler</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln link only</source>
        <translation>
            <numerusform>%Ln bare som lenke</numerusform>
            <numerusform>%Ln bare som lenker</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already saved</source>
        <translation>
            <numerusform>%Ln var allerede lagret</numerusform>
            <numerusform>%Ln var allerede lagret</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped</source>
        <translation>
            <numerusform>%Ln hoppet over</numerusform>
            <numerusform>%Ln hoppet over</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable</source>
        <translation>
            <numerusform>%Ln uleselig</numerusform>
            <numerusform>%Ln uleselige</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln saved search(es) added</source>
        <translation>
            <numerusform>%Ln lagret søk lagt til</numerusform>
            <numerusform>%Ln lagrede søk lagt til</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n second(s) left</source>
        <translation>
            <numerusform>omtrent %n sekund igjen</numerusform>
            <numerusform>omtrent %n sekunder igjen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n minute(s) left</source>
        <translation>
            <numerusform>omtrent %n minutt igjen</numerusform>
            <numerusform>omtrent %n minutter igjen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n hour(s) left</source>
        <translation>
            <numerusform>omtrent %n time igjen</numerusform>
            <numerusform>omtrent %n timer igjen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibraryWatch</name>
    <message>
        <source>This article was deleted in another window or program.</source>
        <translation>Denne artikkelen ble slettet i et annet vindu eller program.</translation>
    </message>
</context>
<context>
    <name>LinkFileReader</name>
    <message>
        <source>cannot read it: {0}</source>
        <translation type="vanished">kan ikke lese den: {0}</translation>
    </message>
    <message>
        <source>not a file of links</source>
        <translation type="vanished">ikke en fil med lenker</translation>
    </message>
    <message>
        <source>internal error ({0}); see the log</source>
        <translation type="vanished">intern feil ({0}); se loggen</translation>
    </message>
</context>
<context>
    <name>MainToolbar</name>
    <message>
        <source>Main</source>
        <translation>Hovedverktøylinje</translation>
    </message>
    <message>
        <source>Links to save</source>
        <translation>Lenker som skal lagres</translation>
    </message>
    <message>
        <source>Paste links to save, then press Enter  (Ctrl+L)</source>
        <translation>Lim inn lenker du vil lagre, og trykk Enter  (Ctrl+L)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Søk</translation>
    </message>
    <message>
        <source>Search your library  (Ctrl+F)</source>
        <translation>Søk i biblioteket  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lagre</translation>
    </message>
    <message>
        <source>How to search</source>
        <translation>Slik søker du</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Paste links to save, then press Enter  (Ctrl+L)</source>
        <translation type="vanished">Lim inn lenker du vil lagre, og trykk Enter  (Ctrl+L)</translation>
    </message>
    <message>
        <source>Links to save</source>
        <translation type="vanished">Lenker som skal lagres</translation>
    </message>
    <message>
        <source>Search your library  (Ctrl+F)</source>
        <translation type="vanished">Søk i biblioteket  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="vanished">Søk</translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="vanished">Lagre</translation>
    </message>
    <message>
        <source>How to search</source>
        <translation type="vanished">Slik søker du</translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="vanished">Vis</translation>
    </message>
    <message>
        <source>Sort by</source>
        <translation type="vanished">Sorter etter</translation>
    </message>
    <message>
        <source>Articles</source>
        <translation type="vanished">Artikler</translation>
    </message>
    <message>
        <source>Find in article</source>
        <translation type="vanished">Finn i artikkelen</translation>
    </message>
    <message>
        <source>Close (Escape)</source>
        <translation type="vanished">Lukk (Esc)</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation type="vanished">Finn:</translation>
    </message>
    <message>
        <source>Could not read the library: {}</source>
        <translation type="vanished">Kunne ikke lese biblioteket: {}</translation>
    </message>
    <message>
        <source>Could not open the article: {}</source>
        <translation type="vanished">Kunne ikke åpne artikkelen: {}</translation>
    </message>
    <message>
        <source>Mark as &amp;read</source>
        <translation type="vanished">Merk som &amp;lest</translation>
    </message>
    <message>
        <source>Mark as &amp;unread</source>
        <translation type="vanished">Merk som &amp;ulest</translation>
    </message>
    <message>
        <source>This passage is no longer found in the article.</source>
        <translation>Dette utdraget finnes ikke lenger i artikkelen.</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fil</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Rediger</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Vis</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>&amp;Article</source>
        <translation>&amp;Artikkel</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hjelp</translation>
    </message>
    <message>
        <source>Save link to library</source>
        <translation>Lagre lenken i biblioteket</translation>
    </message>
    <message>
        <source>Copy link address</source>
        <translation>Kopier lenkeadressen</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Lukk</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>“{}”</source>
        <translation>«{}»</translation>
    </message>
    <message>
        <source>Write a note. Leave it empty for no note.</source>
        <translation>Skriv et notat. La feltet stå tomt for ikke noe notat.</translation>
    </message>
    <message>
        <source>Save the note (Ctrl+Return)</source>
        <translation>Lagre notatet (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Unsaved note</source>
        <translation>Ulagret notat</translation>
    </message>
    <message>
        <source>Save the note you wrote?</source>
        <translation>Vil du lagre notatet du skrev?</translation>
    </message>
    <message>
        <source>If you discard it, what you wrote is lost.</source>
        <translation>Forkaster du det, er det du skrev borte.</translation>
    </message>
</context>
<context>
    <name>NotebookPanel</name>
    <message>
        <source>Notebook</source>
        <translation>Notatbok</translation>
    </message>
    <message>
        <source>Copy all as Markdown</source>
        <translation>Kopier alt som Markdown</translation>
    </message>
    <message>
        <source>Note on the article</source>
        <translation>Notat til artikkelen</translation>
    </message>
    <message>
        <source>Your own note on this article</source>
        <translation>Ditt eget notat til denne artikkelen</translation>
    </message>
    <message>
        <source>No longer found in the article</source>
        <translation>Finnes ikke lenger i artikkelen</translation>
    </message>
    <message>
        <source>no longer found</source>
        <translation>finnes ikke lenger</translation>
    </message>
    <message>
        <source>Highlights of the article</source>
        <translation>Artikkelens uthevinger</translation>
    </message>
    <message>
        <source>Select text and press H to highlight it.</source>
        <translation>Merk tekst og trykk H for å utheve den.</translation>
    </message>
    <message>
        <source>Edit note…</source>
        <translation>Rediger notat…</translation>
    </message>
    <message>
        <source>Could not read the notebook: {}</source>
        <translation>Kunne ikke lese notatboken: {}</translation>
    </message>
    <message>
        <source>No article is open.</source>
        <translation>Ingen artikkel er åpen.</translation>
    </message>
    <message numerus="yes">
        <source>%n highlight(s)</source>
        <translation>
            <numerusform>%n utheving</numerusform>
            <numerusform>%n uthevinger</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n no longer found</source>
        <translation>
            <numerusform>%n finnes ikke lenger</numerusform>
            <numerusform>%n finnes ikke lenger</numerusform>
        </translation>
    </message>
    <message>
        <source>This passage is no longer found in the article.</source>
        <translation>Dette utdraget finnes ikke lenger i artikkelen.</translation>
    </message>
    <message>
        <source>This passage is not in the article as shown.</source>
        <translation>Dette utdraget er ikke i artikkelen slik den vises.</translation>
    </message>
    <message>
        <source>save the note</source>
        <translation type="vanished">lagre notatet</translation>
    </message>
    <message>
        <source>save the article&apos;s note</source>
        <translation>lagre notatet til artikkelen</translation>
    </message>
    <message>
        <source>no longer found in the article</source>
        <translation>finnes ikke lenger i artikkelen</translation>
    </message>
    <message>
        <source>placed approximately: the page&apos;s words changed here</source>
        <translation>plassert omtrentlig: ordene på siden er endret her</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n highlight(s) as Markdown.</source>
        <translation>
            <numerusform>Kopierte %n utheving som Markdown.</numerusform>
            <numerusform>Kopierte %n uthevinger som Markdown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PendingSaves</name>
    <message>
        <source>Cancelling the save of {0}…</source>
        <translation>Avbryter lagringen av {0}…</translation>
    </message>
    <message>
        <source>Could not save {0}

{1}

Press R to try again.</source>
        <translation type="vanished">Kunne ikke lagre {0}

{1}

Trykk R for å prøve igjen.</translation>
    </message>
    <message>
        <source>Saving {0}…</source>
        <translation>Lagrer {0}…</translation>
    </message>
    <message>
        <source>Press R to try again, F2 to correct the address, Delete to clear it.</source>
        <translation>Trykk R for å prøve igjen, F2 for å rette adressen, Delete for å fjerne den.</translation>
    </message>
    <message>
        <source>Trying again cannot help: press F2 to correct the address, or Delete to clear it.</source>
        <translation>Å prøve igjen hjelper ikke: trykk F2 for å rette adressen, eller Delete for å fjerne den.</translation>
    </message>
    <message>
        <source>Could not save this address:</source>
        <translation>Kunne ikke lagre denne adressen:</translation>
    </message>
    <message>
        <source>Reason: {0}</source>
        <translation>Årsak: {0}</translation>
    </message>
    <message>
        <source>Cancelled: {0} (nothing was saved)</source>
        <translation>Avbrutt: {0} (ingenting ble lagret)</translation>
    </message>
    <message numerus="yes">
        <source>Cancelled %Ln saves (nothing was saved)</source>
        <translation>
            <numerusform>Avbrøt %Ln lagring (ingenting ble lagret)</numerusform>
            <numerusform>Avbrøt %Ln lagringer (ingenting ble lagret)</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled {0} saves (nothing was saved)</source>
        <translation type="vanished">Avbrøt {0} lagringer (ingenting ble lagret)</translation>
    </message>
    <message>
        <source>The save of {0} was cancelled.</source>
        <translation>Lagringen av {0} ble avbrutt.</translation>
    </message>
</context>
<context>
    <name>PendingUndo</name>
    <message>
        <source>Nothing to undo.</source>
        <translation>Ingenting å angre.</translation>
    </message>
    <message>
        <source>Delete undone.</source>
        <translation>Slettingen er angret.</translation>
    </message>
    <message>
        <source>Archive undone.</source>
        <translation>Arkiveringen er angret.</translation>
    </message>
    <message>
        <source>Move back to Unread undone.</source>
        <translation>Flyttingen tilbake til Ulest er angret.</translation>
    </message>
    <message>
        <source>Highlight restored.</source>
        <translation>Uthevingen er gjenopprettet.</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Angre</translation>
    </message>
    <message>
        <source>“{}”</source>
        <translation>«{}»</translation>
    </message>
    <message numerus="yes">
        <source>%n highlights</source>
        <translation>
            <numerusform>%n utheving</numerusform>
            <numerusform>%n uthevinger</numerusform>
        </translation>
    </message>
    <message>
        <source>1 article</source>
        <translation type="vanished">1 artikkel</translation>
    </message>
    <message numerus="yes">
        <source>%n articles</source>
        <translation>
            <numerusform>%n artikkel</numerusform>
            <numerusform>%n artikler</numerusform>
        </translation>
    </message>
    <message>
        <source>Removed the highlight {}.  (Ctrl+Z)</source>
        <translation>Fjernet uthevingen {}.  (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Removed {}.  (Ctrl+Z)</source>
        <translation>Fjernet {}.  (Ctrl+Z)</translation>
    </message>
    <message numerus="yes">
        <source>Deleted {} and its %n highlight(s).  (Ctrl+Z)</source>
        <translation>
            <numerusform>Slettet {} og %n utheving i den.  (Ctrl+Z)</numerusform>
            <numerusform>Slettet {} og %n uthevinger i den.  (Ctrl+Z)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted {} and their %n highlight(s).  (Ctrl+Z)</source>
        <translation>
            <numerusform>Slettet {} og %n utheving i dem.  (Ctrl+Z)</numerusform>
            <numerusform>Slettet {} og %n uthevinger i dem.  (Ctrl+Z)</numerusform>
        </translation>
    </message>
    <message>
        <source>Deleted {}.  (Ctrl+Z)</source>
        <translation>Slettet {}.  (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Archived {}.  (Ctrl+Z)</source>
        <translation>Arkivert {}.  (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Moved {} back to Unread.  (Ctrl+Z)</source>
        <translation>Flyttet {} tilbake til Ulest.  (Ctrl+Z)</translation>
    </message>
</context>
<context>
    <name>ReadMarker</name>
    <message>
        <source>mark “{}” as read</source>
        <translation>merke «{}» som lest</translation>
    </message>
    <message>
        <source>store the reading position</source>
        <translation>lagre leseposisjonen</translation>
    </message>
</context>
<context>
    <name>ReaderControls</name>
    <message>
        <source>System</source>
        <translation type="vanished">System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="vanished">Lyst</translation>
    </message>
    <message>
        <source>Sepia</source>
        <translation type="vanished">Sepia</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="vanished">Mørkt</translation>
    </message>
    <message>
        <source>Find in article</source>
        <translation>Finn i artikkelen</translation>
    </message>
    <message>
        <source>Close (Escape)</source>
        <translation>Lukk (Esc)</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>Finn:</translation>
    </message>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>%n treff</numerusform>
            <numerusform>%n treff</numerusform>
        </translation>
    </message>
    <message>
        <source>not found</source>
        <translation>ingen treff</translation>
    </message>
    <message>
        <source>newsreader {0}: library at {1}</source>
        <translation>newsreader {0}: biblioteket ligger i {1}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ReaderHighlights</name>
    <message>
        <source>Could not read the highlights: {}</source>
        <translation>Kunne ikke lese uthevingene: {}</translation>
    </message>
    <message>
        <source>Only the article&apos;s text can be highlighted, not its title or captions.</source>
        <translation>Bare artikkelens tekst kan utheves, ikke tittelen eller bildetekstene.</translation>
    </message>
    <message>
        <source>Open an article first to highlight in it.</source>
        <translation>Åpne en artikkel først for å utheve i den.</translation>
    </message>
    <message>
        <source>Select some text to highlight first.</source>
        <translation>Merk først teksten du vil utheve.</translation>
    </message>
    <message>
        <source>Highlight colour: {}.</source>
        <translation>Uthevingsfarge: {}.</translation>
    </message>
    <message>
        <source>Note on the highlight</source>
        <translation>Notat til uthevingen</translation>
    </message>
    <message>
        <source>Could not read the note: {}</source>
        <translation>Kunne ikke lese notatet: {}</translation>
    </message>
    <message>
        <source>Note on “{}”</source>
        <translation>Notat til «{}»</translation>
    </message>
    <message>
        <source>Highlight colour</source>
        <translation>Uthevingsfarge</translation>
    </message>
    <message>
        <source>Edit note…</source>
        <translation>Rediger notat…</translation>
    </message>
    <message>
        <source>Add note…</source>
        <translation>Legg til notat…</translation>
    </message>
    <message>
        <source>Remove highlight</source>
        <translation>Fjern uthevingen</translation>
    </message>
    <message>
        <source>Highlight</source>
        <translation>Uthev</translation>
    </message>
    <message>
        <source>Note on the article…</source>
        <translation>Notat til artikkelen…</translation>
    </message>
</context>
<context>
    <name>ReaderLinks</name>
    <message>
        <source>No program could open {0}</source>
        <translation>Fant ikke noe program som kunne åpne {0}</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Kopier lenken</translation>
    </message>
    <message>
        <source>Not opened: {}</source>
        <translation>Ikke åpnet: {}</translation>
    </message>
    <message>
        <source>Link copied.</source>
        <translation>Lenken er kopiert.</translation>
    </message>
    <message>
        <source>Only web links can be saved: {0}</source>
        <translation>Bare nettlenker kan lagres: {0}</translation>
    </message>
</context>
<context>
    <name>ReaderTexts</name>
    <message numerus="yes">
        <source>%n min read</source>
        <translation>
            <numerusform>%n min lesetid</numerusform>
            <numerusform>%n min lesetid</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReaderView</name>
    <message>
        <source>Select an article, or paste a link above to save one.</source>
        <translation>Velg en artikkel, eller lim inn en lenke ovenfor for å lagre en ny.</translation>
    </message>
    <message>
        <source>✓ Finished</source>
        <translation>✓ Ferdig lest</translation>
    </message>
    <message>
        <source>{} %</source>
        <translation>{} %</translation>
    </message>
</context>
<context>
    <name>RestoreOfferDialog</name>
    <message>
        <source>The library may be damaged</source>
        <translation>Biblioteket kan være skadet</translation>
    </message>
    <message>
        <source>newsreader was not closed properly last time, and the library at {0} now fails SQLite&apos;s check: {1}</source>
        <translation>newsreader ble ikke avsluttet ordentlig sist, og biblioteket i {0} består ikke lenger SQLites kontroll: {1}</translation>
    </message>
    <message>
        <source>There is no backup of this library to restore.</source>
        <translation>Det finnes ingen sikkerhetskopi av dette biblioteket å gjenopprette.</translation>
    </message>
    <message>
        <source>The latest backup is from {0} ({1}). Restore it into a new folder, {2}, and open that? The damaged library is left as it is.</source>
        <translation>Den nyeste sikkerhetskopien er fra {0} ({1}). Vil du gjenopprette den i en ny mappe, {2}, og åpne den? Det skadde biblioteket blir liggende urørt.</translation>
    </message>
    <message>
        <source>Restore and open</source>
        <translation>Gjenopprett og åpne</translation>
    </message>
    <message>
        <source>Open the library as it is</source>
        <translation>Åpne biblioteket som det er</translation>
    </message>
</context>
<context>
    <name>RowTexts</name>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SaveControls</name>
    <message>
        <source>No link found in “{0}”</source>
        <translation>Fant ingen lenke i «{0}»</translation>
    </message>
    <message>
        <source>Import links</source>
        <translation type="vanished">Importer lenker</translation>
    </message>
    <message>
        <source>Link lists (*.txt *.csv *.html *.htm);;All files (*)</source>
        <translation type="vanished">Lenkelister (*.txt *.csv *.html *.htm);;Alle filer (*)</translation>
    </message>
    <message>
        <source>No links found in {0}</source>
        <translation type="vanished">Fant ingen lenker i {0}</translation>
    </message>
    <message numerus="yes">
        <source>Importing %Ln links</source>
        <translation type="vanished">
            <numerusform>Importerer %Ln lenke</numerusform>
            <numerusform>Importerer %Ln lenker</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of the links are already in your library</source>
        <translation>
            <numerusform>%Ln av lenkene finnes allerede i biblioteket</numerusform>
            <numerusform>%Ln av lenkene finnes allerede i biblioteket</numerusform>
        </translation>
    </message>
    <message>
        <source>Importing 1 link</source>
        <translation type="vanished">Importerer 1 lenke</translation>
    </message>
    <message>
        <source>Importing {0} links</source>
        <translation type="vanished">Importerer {0} lenker</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <source>Exports, bookmarks and link lists (*.zip *.csv *.json *.html *.htm *.txt);;All files (*)</source>
        <translation>Eksporter, bokmerker og lenkelister (*.zip *.csv *.json *.html *.htm *.txt);;Alle filer (*)</translation>
    </message>
    <message>
        <source>cannot read it: {0}</source>
        <translation>kan ikke lese den: {0}</translation>
    </message>
    <message>
        <source>not a file that can be imported</source>
        <translation>ikke en fil som kan importeres</translation>
    </message>
    <message>
        <source>Cannot fetch the link-only articles: {0}</source>
        <translation>Kan ikke hente artiklene som bare er lenker: {0}</translation>
    </message>
    <message>
        <source>No link-only articles to fetch.</source>
        <translation>Ingen artikler som bare er lenker, venter på å bli hentet.</translation>
    </message>
    <message>
        <source>Cannot import {0}: {1}</source>
        <translation>Kan ikke importere {0}: {1}</translation>
    </message>
    <message>
        <source>Already in your library: {0}</source>
        <translation>Finnes allerede i biblioteket: {0}</translation>
    </message>
    <message>
        <source>{0} of the links are already in your library</source>
        <translation type="vanished">{0} av lenkene finnes allerede i biblioteket</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation type="vanished">ukjent feil</translation>
    </message>
    <message>
        <source>Could not save {0}: {1}</source>
        <translation>Kunne ikke lagre {0}: {1}</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="vanished">Prøv igjen</translation>
    </message>
    <message>
        <source>Saved: {0}</source>
        <translation>Lagret: {0}</translation>
    </message>
    <message>
        <source>(1 image missing)</source>
        <translation type="vanished">(1 bilde mangler)</translation>
    </message>
    <message numerus="yes">
        <source>(%n images missing)</source>
        <translation>
            <numerusform>(%n bilde mangler)</numerusform>
            <numerusform>(%n bilder mangler)</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving 1 article…</source>
        <translation type="vanished">Lagrer 1 artikkel…</translation>
    </message>
    <message>
        <source>Saving {0} articles…</source>
        <translation type="vanished">Lagrer {0} artikler…</translation>
    </message>
    <message>
        <source>Save the link on your clipboard? {0}</source>
        <translation>Vil du lagre lenken på utklippstavlen? {0}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Lagre</translation>
    </message>
</context>
<context>
    <name>SavedSearchDialog</name>
    <message>
        <source>Name:</source>
        <translation>Navn:</translation>
    </message>
    <message>
        <source>Search for:</source>
        <translation>Søk etter:</translation>
    </message>
</context>
<context>
    <name>SavedViews</name>
    <message>
        <source>There is a saved search named “{}” already.</source>
        <translation>Det finnes allerede et lagret søk som heter «{}».</translation>
    </message>
    <message>
        <source>A saved search needs a name.</source>
        <translation>Et lagret søk trenger et navn.</translation>
    </message>
    <message>
        <source>A saved search needs something to search for.</source>
        <translation>Et lagret søk trenger noe å søke etter.</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>Navnet er for langt.</translation>
    </message>
    <message>
        <source>The search is too long.</source>
        <translation>Søket er for langt.</translation>
    </message>
    <message>
        <source>Type a search first, then save it.</source>
        <translation>Skriv et søk først, og lagre det så.</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>Lagre søk</translation>
    </message>
    <message>
        <source>Saved the search as “{}”.</source>
        <translation>Lagret søket som «{}».</translation>
    </message>
    <message>
        <source>save the search “{}”</source>
        <translation>lagre søket «{}»</translation>
    </message>
    <message>
        <source>Rename saved search</source>
        <translation>Gi lagret søk nytt navn</translation>
    </message>
    <message>
        <source>rename the saved search “{}”</source>
        <translation>gi det lagrede søket «{}» nytt navn</translation>
    </message>
    <message>
        <source>Edit saved search “{}”</source>
        <translation>Endre det lagrede søket «{}»</translation>
    </message>
    <message>
        <source>change the saved search “{}”</source>
        <translation>endre det lagrede søket «{}»</translation>
    </message>
    <message>
        <source>Deleted the saved search “{}”.</source>
        <translation>Slettet det lagrede søket «{}».</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Angre</translation>
    </message>
    <message>
        <source>delete the saved search “{}”</source>
        <translation>slette det lagrede søket «{}»</translation>
    </message>
    <message>
        <source>move the saved search “{}”</source>
        <translation>flytte det lagrede søket «{}»</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Gi nytt navn…</translation>
    </message>
    <message>
        <source>Edit search…</source>
        <translation>Endre søket…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Slett</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Flytt opp</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Flytt ned</translation>
    </message>
</context>
<context>
    <name>SavesPlace</name>
    <message>
        <source>Saving 1 article…</source>
        <translation type="vanished">Lagrer 1 artikkel…</translation>
    </message>
    <message numerus="yes">
        <source>Saving %n articles…</source>
        <translation type="vanished">
            <numerusform>Lagrer %n artikkel…</numerusform>
            <numerusform>Lagrer %n artikler…</numerusform>
        </translation>
    </message>
    <message>
        <source>1 save failed</source>
        <translation type="vanished">1 lagring mislyktes</translation>
    </message>
    <message numerus="yes">
        <source>%n saves failed</source>
        <translation type="vanished">
            <numerusform>%n lagring mislyktes</numerusform>
            <numerusform>%n lagringer mislyktes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saving %Ln articles…</source>
        <translation>
            <numerusform>Lagrer %Ln artikkel…</numerusform>
            <numerusform>Lagrer %Ln artikler…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln saves failed</source>
        <translation>
            <numerusform>%Ln lagring mislyktes</numerusform>
            <numerusform>%Ln lagringer mislyktes</numerusform>
        </translation>
    </message>
    <message>
        <source>Show the Saves view (Ctrl+5)</source>
        <translation>Vis Lagringer (Ctrl+5)</translation>
    </message>
    <message>
        <source>Edit address…</source>
        <translation>Rett adressen…</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Prøv igjen</translation>
    </message>
    <message numerus="yes">
        <source>Cleared %Ln failed saves</source>
        <translation>
            <numerusform>Fjernet %Ln mislykket lagring</numerusform>
            <numerusform>Fjernet %Ln mislykkede lagringer</numerusform>
        </translation>
    </message>
    <message>
        <source>Cleared 1 failed save</source>
        <translation type="vanished">Fjernet 1 mislykket lagring</translation>
    </message>
    <message numerus="yes">
        <source>Cleared %n failed saves</source>
        <translation type="vanished">
            <numerusform>Fjernet %n mislykket lagring</numerusform>
            <numerusform>Fjernet %n mislykkede lagringer</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving the corrected address</source>
        <translation>Lagrer den rettede adressen</translation>
    </message>
</context>
<context>
    <name>SavingControls</name>
    <message>
        <source>No link found in “{0}”</source>
        <translation type="vanished">Fant ingen lenke i «{0}»</translation>
    </message>
    <message>
        <source>Import links</source>
        <translation type="vanished">Importer lenker</translation>
    </message>
    <message>
        <source>Link lists (*.txt *.csv *.html *.htm);;All files (*)</source>
        <translation type="vanished">Lenkelister (*.txt *.csv *.html *.htm);;Alle filer (*)</translation>
    </message>
    <message>
        <source>No links found in {0}</source>
        <translation type="vanished">Fant ingen lenker i {0}</translation>
    </message>
    <message>
        <source>Importing 1 link</source>
        <translation type="vanished">Importerer 1 lenke</translation>
    </message>
    <message>
        <source>Importing {0} links</source>
        <translation type="vanished">Importerer {0} lenker</translation>
    </message>
    <message>
        <source>Cannot import {0}: {1}</source>
        <translation type="vanished">Kan ikke importere {0}: {1}</translation>
    </message>
    <message>
        <source>Already in your library: {0}</source>
        <translation type="vanished">Finnes allerede i biblioteket: {0}</translation>
    </message>
    <message>
        <source>{0} of the links are already in your library</source>
        <translation type="vanished">{0} av lenkene finnes allerede i biblioteket</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation type="vanished">ukjent feil</translation>
    </message>
    <message>
        <source>Could not save {0}: {1}</source>
        <translation type="vanished">Kunne ikke lagre {0}: {1}</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="vanished">Prøv igjen</translation>
    </message>
    <message>
        <source>Saved: {0}</source>
        <translation type="vanished">Lagret: {0}</translation>
    </message>
    <message>
        <source>(1 image missing)</source>
        <translation type="vanished">(1 bilde mangler)</translation>
    </message>
    <message numerus="yes">
        <source>(%n images missing)</source>
        <translation type="vanished">
            <numerusform>(%n bilde mangler)</numerusform>
            <numerusform>(%n bilder mangler)</numerusform>
        </translation>
    </message>
    <message>
        <source>Saving 1 article…</source>
        <translation type="vanished">Lagrer 1 artikkel…</translation>
    </message>
    <message>
        <source>Saving {0} articles…</source>
        <translation type="vanished">Lagrer {0} artikler…</translation>
    </message>
    <message>
        <source>Save the link on your clipboard? {0}</source>
        <translation type="vanished">Vil du lagre lenken på utklippstavlen? {0}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="vanished">Lagre</translation>
    </message>
</context>
<context>
    <name>SearchHelpPopup</name>
    <message>
        <source>articles with every word, in any form (mobbet, skolen)</source>
        <translation>artikler med alle ordene, i hvilken som helst bøyningsform (mobbet, skolen)</translation>
    </message>
    <message>
        <source>these words in this order, as written</source>
        <translation>disse ordene i denne rekkefølgen, slik de er skrevet</translation>
    </message>
    <message>
        <source>either word</source>
        <translation>ett av ordene</translation>
    </message>
    <message>
        <source>leave out articles with this word (or -&quot;phrase&quot;)</source>
        <translation>utelat artikler med dette ordet (eller -&quot;frase&quot;)</translation>
    </message>
    <message>
        <source>words that start with mobb</source>
        <translation>ord som begynner på mobb</translation>
    </message>
    <message>
        <source>the word in the title; also author: and site:</source>
        <translation>ordet i tittelen; også author: og site:</translation>
    </message>
    <message>
        <source>from this site, by address or name</source>
        <translation>fra dette nettstedet, etter adresse eller navn</translation>
    </message>
    <message>
        <source>a tag with this word, in any form</source>
        <translation>et stikkord med dette ordet, i hvilken som helst form</translation>
    </message>
    <message>
        <source>the word in an image&apos;s caption or alt text</source>
        <translation>ordet i et bildes bildetekst eller alternative tekst</translation>
    </message>
    <message>
        <source>the word in your notes and highlights</source>
        <translation>ordet i notatene og uthevingene dine</translation>
    </message>
    <message>
        <source>articles with this tag</source>
        <translation type="vanished">artikler med dette stikkordet</translation>
    </message>
    <message>
        <source>in this language: en, de, nb, nn, no (both Norwegians), …</source>
        <translation>på dette språket: en, de, nb, nn, no (begge målformer), …</translation>
    </message>
    <message>
        <source>unread; also is:archived, is:favorite, is:read</source>
        <translation>uleste; også is:archived, is:favorite, is:read</translation>
    </message>
    <message>
        <source>with a note of yours; has:highlights, with highlights</source>
        <translation>med et notat fra deg; has:highlights, med uthevinger</translation>
    </message>
    <message>
        <source>published (else saved) on or after; also before:, 2017, 2017-12</source>
        <translation>publisert (ellers lagret) denne dagen eller senere; også before:, 2017, 2017-12</translation>
    </message>
    <message>
        <source>&lt;b&gt;Search&lt;/b&gt; — case and accents do not matter; æ, ø and å are letters</source>
        <translation>&lt;b&gt;Søk&lt;/b&gt; — store og små bokstaver og aksenter spiller ingen rolle; æ, ø og å er egne bokstaver</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>Prøv</translation>
    </message>
    <message>
        <source>Click an example to try it. Enter opens the best match.</source>
        <translation>Klikk på et eksempel for å prøve det. Enter åpner det beste treffet.</translation>
    </message>
</context>
<context>
    <name>SelectionBar</name>
    <message>
        <source>Highlight: {}</source>
        <translation>Uthev: {}</translation>
    </message>
    <message>
        <source>Note…</source>
        <translation>Notat…</translation>
    </message>
    <message>
        <source>Highlight and add a note (N)</source>
        <translation>Uthev og skriv et notat (N)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>The library folder must be a full path, such as {0}.</source>
        <translation>Biblioteksmappen må være en fullstendig bane, for eksempel {0}.</translation>
    </message>
    <message>
        <source>{0} is a file, not a folder.</source>
        <translation>{0} er en fil, ikke en mappe.</translation>
    </message>
    <message>
        <source>Cannot write in {0}: {1}.</source>
        <translation>Kan ikke skrive i {0}: {1}.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Innstillinger</translation>
    </message>
    <message>
        <source>The default folder</source>
        <translation>Standardmappen</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Velg…</translation>
    </message>
    <message>
        <source>Library folder:</source>
        <translation>Biblioteksmappe:</translation>
    </message>
    <message>
        <source>This window uses {0}, given by --library or NEWSREADER_LIBRARY, which come before this setting.</source>
        <translation>Dette vinduet bruker {0}, angitt med --library eller NEWSREADER_LIBRARY, som går foran denne innstillingen.</translation>
    </message>
    <message>
        <source>Now {0}. A new folder takes effect the next time newsreader starts.</source>
        <translation>Nå {0}. En ny mappe tas i bruk neste gang newsreader starter.</translation>
    </message>
    <message>
        <source>Theme:</source>
        <translation>Tema:</translation>
    </message>
    <message>
        <source>Built-in (serif or sans-serif, View menu)</source>
        <translation>Innebygd (med eller uten seriffer, Vis-menyen)</translation>
    </message>
    <message>
        <source>Reader font:</source>
        <translation>Skrift i leseren:</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Font size:</source>
        <translation>Skriftstørrelse:</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> tegn</translation>
    </message>
    <message>
        <source>Line width:</source>
        <translation>Linjebredde:</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Line spacing:</source>
        <translation>Linjeavstand:</translation>
    </message>
    <message>
        <source>The view used last</source>
        <translation>Visningen som ble brukt sist</translation>
    </message>
    <message>
        <source>Unread</source>
        <translation type="vanished">Ulest</translation>
    </message>
    <message>
        <source>Favourites</source>
        <translation type="vanished">Favoritter</translation>
    </message>
    <message>
        <source>Archive</source>
        <translation type="vanished">Arkiv</translation>
    </message>
    <message>
        <source>All</source>
        <translation type="vanished">Alle</translation>
    </message>
    <message>
        <source>Show at start:</source>
        <translation>Vis ved oppstart:</translation>
    </message>
    <message>
        <source>Newest saved</source>
        <translation type="vanished">Sist lagret</translation>
    </message>
    <message>
        <source>Newest published</source>
        <translation type="vanished">Sist publisert</translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="vanished">Tittel</translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="vanished">Nettsted</translation>
    </message>
    <message>
        <source>Sort by:</source>
        <translation>Sorter etter:</translation>
    </message>
    <message>
        <source>After a few seconds open, or when scrolled</source>
        <translation>Etter noen sekunder åpen, eller når du blar</translation>
    </message>
    <message>
        <source>As soon as it is opened</source>
        <translation>Så snart den åpnes</translation>
    </message>
    <message>
        <source>Only when I mark it (U)</source>
        <translation>Bare når jeg merker den (U)</translation>
    </message>
    <message>
        <source>Mark as read:</source>
        <translation>Merk som lest:</translation>
    </message>
    <message>
        <source>As the system</source>
        <translation>Som systemet</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Norwegian Bokmål</source>
        <translation>Norsk bokmål</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Språk:</translation>
    </message>
    <message>
        <source>A new language takes effect after a restart.</source>
        <translation>Et nytt språk tas i bruk etter omstart.</translation>
    </message>
    <message>
        <source>Library folder</source>
        <translation>Biblioteksmappe</translation>
    </message>
    <message>
        <source>Could not keep the library folder: {0}</source>
        <translation>Kunne ikke lagre biblioteksmappen: {0}</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Hurtigtaster</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Kommando</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Taster</translation>
    </message>
</context>
<context>
    <name>TagsDialog</name>
    <message>
        <source>Edit tags</source>
        <translation>Rediger stikkord</translation>
    </message>
    <message>
        <source>Tags for “{0}” (separate with commas):</source>
        <translation>Stikkord for «{0}» (skill dem med komma):</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Lyst</translation>
    </message>
    <message>
        <source>Sepia</source>
        <translation>Sepia</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Mørkt</translation>
    </message>
</context>
<context>
    <name>backups</name>
    <message>
        <source>The automatic backup failed: {0}</source>
        <translation>Den automatiske sikkerhetskopieringen mislyktes: {0}</translation>
    </message>
    <message>
        <source>Restoring the backup into {0}…</source>
        <translation>Gjenoppretter sikkerhetskopien i {0}…</translation>
    </message>
    <message>
        <source>Checking the library…</source>
        <translation>Kontrollerer biblioteket…</translation>
    </message>
    <message>
        <source>The backup could not be restored</source>
        <translation>Sikkerhetskopien kunne ikke gjenopprettes</translation>
    </message>
</context>
<context>
    <name>dates</name>
    <message>
        <source>d MMM yyyy</source>
        <translation>d. MMM yyyy</translation>
    </message>
</context>
<context>
    <name>reader</name>
    <message>
        <source>Only the link is saved so far: the page will be fetched in the background, or now with Re-fetch (Ctrl+R).</source>
        <translation>Foreløpig er bare lenken lagret: siden hentes i bakgrunnen, eller nå med Hent på nytt (Ctrl+R).</translation>
    </message>
    <message>
        <source>Only the link is saved: the page could not be fetched ({0}). Re-fetch (Ctrl+R) tries again.</source>
        <translation>Bare lenken er lagret: siden kunne ikke hentes ({0}). Hent på nytt (Ctrl+R) prøver igjen.</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>ingen grunn oppgitt</translation>
    </message>
    <message>
        <source>This copy may stop at a paywall: {0}.</source>
        <translation>Denne kopien kan stoppe ved en betalingsmur: {0}.</translation>
    </message>
    <message>
        <source>This copy is the page as trafilatura extracted it, without newsreader&apos;s clean-up of images, captions and page furniture; re-fetching it may do better.</source>
        <translation>Denne kopien er siden slik trafilatura hentet den ut, uten at newsreader har ryddet i bilder, bildetekster og sideelementer; å hente den på nytt kan gi et bedre resultat.</translation>
    </message>
    <message>
        <source>Newsreader could not find the article&apos;s exact outline on this page; the text was taken from the page&apos;s main block and may miss or include a few parts.</source>
        <translation>Newsreader fant ikke nøyaktig hvor artikkelen begynner og slutter på denne siden; teksten er hentet fra sidens hoveddel, og noen få deler kan mangle eller være med i tillegg.</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>&amp;File</source>
        <translation type="vanished">&amp;Fil</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="vanished">&amp;Rediger</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="vanished">&amp;Vis</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="vanished">&amp;Tema</translation>
    </message>
    <message>
        <source>&amp;Article</source>
        <translation type="vanished">&amp;Artikkel</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="vanished">&amp;Hjelp</translation>
    </message>
    <message>
        <source>Save link to library</source>
        <translation type="vanished">Lagre lenken i biblioteket</translation>
    </message>
    <message>
        <source>Copy link address</source>
        <translation type="vanished">Kopier lenkeadressen</translation>
    </message>
</context>
</TS>
