"""The search results page."""

from django import forms
from django.apps import apps
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from core.pagecache import form_query
from search import query, text
from search.registry import providers

RESULTS_PER_PAGE = 20


def sees_members_only(user) -> bool:
    """Whether ``user`` may find members-only material. The app that knows who the members
    are says so through its AppConfig's ``members_only_check`` (a dotted path to
    ``(user) -> bool``), as the search sits below the apps it indexes."""
    return any(
        import_string(check)(user)
        for config in apps.get_app_configs()
        if (check := getattr(config, "members_only_check", None))
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        required=False,
        max_length=query.MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={
            "max_length": _(
                "Your search is too long: use at most %(limit_value)d characters, "
                "a few words are enough."
            )
        },
    )
    kind = forms.CharField(required=False)

    def clean_kind(self):
        # An unknown kind (an old or hand-written link) just means every kind.
        kind = self.cleaned_data["kind"]
        return kind if kind in providers() else ""


@require_GET
def search(request):
    form = SearchForm(request.GET)
    language = translation.get_language()
    context = {
        "form": form,
        "query": form_query(form),  # what the links to other kinds and pages keep
        "q": request.GET.get("q", "")[: query.MAX_LENGTH],
    }
    if not form.is_valid():
        return render(request, "search/search.html", context)
    q, kind = form.cleaned_data["q"].strip(), form.cleaned_data["kind"]
    context["q"] = q
    if not q:
        return render(request, "search/search.html", context | {"empty": True})
    parsed = query.parse(q, language)
    if not parsed:
        return render(
            request,
            "search/search.html",
            context | {"no_words": True, "only_stopwords": parsed.only_stopwords},
        )
    member = sees_members_only(request.user)
    results = query.search(parsed, language=language, include_members=member, kind=kind or None)
    counts = query.kind_counts(query.search(parsed, language=language, include_members=member))
    paginator = Paginator(results, RESULTS_PER_PAGE)
    # The counts per kind already give the total: spare the paginator a second full count.
    paginator.count = counts.get(kind, 0) if kind else sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    labels = {k: p.label for k, p in providers().items()}
    hits = []
    for document in page.object_list:
        hits.append(
            {
                "document": document,
                "kind_label": labels.get(document.kind, ""),
                "title": text.highlight(document.title, parsed.stems, language),
                "snippet": query.snippet(document, parsed),
            }
        )
    groups = []
    for hit in hits:
        if not groups or groups[-1]["kind"] != hit["document"].kind:
            groups.append({"kind": hit["document"].kind, "label": hit["kind_label"], "hits": []})
        groups[-1]["hits"].append(hit)
    context |= {
        "searched": True,
        "kind": kind,
        "page": page,
        "groups": groups,
        "total": sum(counts.values()),
        "kinds": [
            {"kind": k, "label": label, "count": counts[k]}
            for k, label in labels.items()
            if counts.get(k)
        ],
    }
    if not page.paginator.count:
        context["suggestions"] = query.suggestions(q, language=language, include_members=member)
    return render(request, "search/search.html", context)
