<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ArticleActions</name>
    <message numerus="yes">
        <source>%n articles</source>
        <translation type="vanished">
            <numerusform>%n article</numerusform>
            <numerusform>%n articles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArticleCommands</name>
    <message numerus="yes">
        <source>%n articles</source>
        <translation>
            <numerusform>%n article</numerusform>
            <numerusform>%n articles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ArticleList</name>
    <message numerus="yes">
        <source>Saves (%n failed)</source>
        <translation>
            <numerusform>Saves (%n failed)</numerusform>
            <numerusform>Saves (%n failed)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln in progress</source>
        <translation>
            <numerusform>%Ln in progress</numerusform>
            <numerusform>%Ln in progress</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln matching articles</source>
        <translation>
            <numerusform>%Ln matching article</numerusform>
            <numerusform>%Ln matching articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln matches in all articles</source>
        <translation>
            <numerusform>%Ln match in all articles</numerusform>
            <numerusform>%Ln matches in all articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln articles</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message numerus="yes">
        <source>The selected articles (%Ln)</source>
        <translation>
            <numerusform>The selected articles (%Ln)</numerusform>
            <numerusform>The selected articles (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The articles in this view (%Ln)</source>
        <translation>
            <numerusform>The articles in this view (%Ln)</numerusform>
            <numerusform>The articles in this view (%Ln)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The whole library (%Ln articles)</source>
        <translation>
            <numerusform>The whole library (%Ln article)</numerusform>
            <numerusform>The whole library (%Ln articles)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exporting %Ln article(s)…</source>
        <translation>
            <numerusform>Exporting %Ln article…</numerusform>
            <numerusform>Exporting %Ln articles…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %Ln article(s) to {0}</source>
        <translation>
            <numerusform>Exported %Ln article to {0}</numerusform>
            <numerusform>Exported %Ln articles to {0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%Ln problem(s); see the log)</source>
        <translation>
            <numerusform>(%Ln problem; see the log)</numerusform>
            <numerusform>(%Ln problems; see the log)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HighlightsView</name>
    <message numerus="yes">
        <source>%n highlight(s)</source>
        <translation>
            <numerusform>%n highlight</numerusform>
            <numerusform>%n highlights</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportTexts</name>
    <message numerus="yes">
        <source>Reading {0} ({1})… %Ln entries so far</source>
        <translation>
            <numerusform>Reading {0} ({1})… %Ln entry so far</numerusform>
            <numerusform>Reading {0} ({1})… %Ln entries so far</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln still to fetch</source>
        <translation>
            <numerusform>%Ln still to fetch</numerusform>
            <numerusform>%Ln still to fetch</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s)</source>
        <translation>
            <numerusform>%Ln article</numerusform>
            <numerusform>%Ln articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln link only</source>
        <translation>
            <numerusform>%Ln link only</numerusform>
            <numerusform>%Ln links only</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already saved</source>
        <translation>
            <numerusform>%Ln already saved</numerusform>
            <numerusform>%Ln already saved</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped</source>
        <translation>
            <numerusform>%Ln skipped</numerusform>
            <numerusform>%Ln skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unreadable</source>
        <translation>
            <numerusform>%Ln unreadable</numerusform>
            <numerusform>%Ln unreadable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln saved search(es) added</source>
        <translation>
            <numerusform>%Ln saved search added</numerusform>
            <numerusform>%Ln saved searches added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n second(s) left</source>
        <translation>
            <numerusform>about %n second left</numerusform>
            <numerusform>about %n seconds left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n minute(s) left</source>
        <translation>
            <numerusform>about %n minute left</numerusform>
            <numerusform>about %n minutes left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>about %n hour(s) left</source>
        <translation>
            <numerusform>about %n hour left</numerusform>
            <numerusform>about %n hours left</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotebookPanel</name>
    <message numerus="yes">
        <source>%n highlight(s)</source>
        <translation>
            <numerusform>%n highlight</numerusform>
            <numerusform>%n highlights</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n no longer found</source>
        <translation>
            <numerusform>%n no longer found</numerusform>
            <numerusform>%n no longer found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %n highlight(s) as Markdown.</source>
        <translation>
            <numerusform>Copied %n highlight as Markdown.</numerusform>
            <numerusform>Copied %n highlights as Markdown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PendingSaves</name>
    <message numerus="yes">
        <source>Cancelled %Ln saves (nothing was saved)</source>
        <translation>
            <numerusform>Cancelled %Ln save (nothing was saved)</numerusform>
            <numerusform>Cancelled %Ln saves (nothing was saved)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PendingUndo</name>
    <message numerus="yes">
        <source>%n highlights</source>
        <translation>
            <numerusform>%n highlight</numerusform>
            <numerusform>%n highlights</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n articles</source>
        <translation>
            <numerusform>%n article</numerusform>
            <numerusform>%n articles</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted {} and its %n highlight(s).  (Ctrl+Z)</source>
        <translation>
            <numerusform>Deleted {} and its %n highlight.  (Ctrl+Z)</numerusform>
            <numerusform>Deleted {} and its %n highlights.  (Ctrl+Z)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted {} and their %n highlight(s).  (Ctrl+Z)</source>
        <translation>
            <numerusform>Deleted {} and their %n highlight.  (Ctrl+Z)</numerusform>
            <numerusform>Deleted {} and their %n highlights.  (Ctrl+Z)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReaderControls</name>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>%n found</numerusform>
            <numerusform>%n found</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReaderTexts</name>
    <message numerus="yes">
        <source>%n min read</source>
        <translation>
            <numerusform>%n min read</numerusform>
            <numerusform>%n min read</numerusform>
        </translation>
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
    <message numerus="yes">
        <source>Importing %Ln links</source>
        <translation type="vanished">
            <numerusform>Importing %Ln link</numerusform>
            <numerusform>Importing %Ln links</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln of the links are already in your library</source>
        <translation>
            <numerusform>%Ln of the links is already in your library</numerusform>
            <numerusform>%Ln of the links are already in your library</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n images missing)</source>
        <translation>
            <numerusform>(%n image missing)</numerusform>
            <numerusform>(%n images missing)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SavesPlace</name>
    <message numerus="yes">
        <source>Saving %n articles…</source>
        <translation type="vanished">
            <numerusform>Saving %n article…</numerusform>
            <numerusform>Saving %n articles…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n saves failed</source>
        <translation type="vanished">
            <numerusform>%n save failed</numerusform>
            <numerusform>%n saves failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cleared %n failed saves</source>
        <translation type="vanished">
            <numerusform>Cleared %n failed save</numerusform>
            <numerusform>Cleared %n failed saves</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saving %Ln articles…</source>
        <translation>
            <numerusform>Saving %Ln article…</numerusform>
            <numerusform>Saving %Ln articles…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln saves failed</source>
        <translation>
            <numerusform>%Ln save failed</numerusform>
            <numerusform>%Ln saves failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cleared %Ln failed saves</source>
        <translation>
            <numerusform>Cleared %Ln failed save</numerusform>
            <numerusform>Cleared %Ln failed saves</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SavingControls</name>
    <message numerus="yes">
        <source>(%n images missing)</source>
        <translation type="vanished">
            <numerusform>(%n image missing)</numerusform>
            <numerusform>(%n images missing)</numerusform>
        </translation>
    </message>
</context>
</TS>
