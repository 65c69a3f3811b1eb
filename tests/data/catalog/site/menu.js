// Translators: button that opens the search box
const label = gettext("Search");
const news = ngettext("One news item", "%d news items", n);
