from gettext import gettext as _, ngettext, pgettext


def greet(name):
    # Translators: shown on the front page, %(name)s is the visitor's name
    return _("Welcome, %(name)s") % {"name": name}


def visits(count):
    return ngettext("%d visit", "%d visits", count) % count


def menu():
    return pgettext("menu", "News")
