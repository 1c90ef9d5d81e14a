"""A project as a schema.org Project (an Organization subtype) with members and funders."""

from django.utils import translation

from core import linked_data, richtext
from members.linked_data import institution

from .models import Project


def project_graph(request, project: Project, *, participants, fundings) -> dict:
    url = linked_data.absolute(request, project.get_absolute_url())
    data = {
        "@context": linked_data.CONTEXT,
        "@type": "Project",
        "@id": f"{url}#project",
        "name": project.name,
        "url": url,
        "inLanguage": translation.get_language(),
        "parentOrganization": linked_data.network(request),
    }
    if project.acronym:
        data["alternateName"] = project.acronym
    if project.summary:
        data["description"] = richtext.plain(project.summary)
    if project.started_on:
        data["foundingDate"] = project.started_on.isoformat()
    if project.ended_on:
        data["dissolutionDate"] = project.ended_on.isoformat()
    if project.website:
        data["sameAs"] = project.website
    if participants:
        data["member"] = [institution(request, p.institution) for p in participants]
    if fundings:
        data["funder"] = [
            {
                "@type": "Organization",
                "name": f.funder.name,
                **({"url": f.funder.website} if f.funder.website else {}),
            }
            for f in fundings
        ]
    return data
