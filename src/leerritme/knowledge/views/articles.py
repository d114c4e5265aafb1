"""Articles: list, read, write with a live preview, history with differences and restore, files, feedback."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from leerritme.knowledge import selectors
from leerritme.knowledge.diff import version_diff
from leerritme.knowledge.forms import ArticleForm, AttachmentForm, FeedbackForm
from leerritme.knowledge.markdown import render_markdown
from leerritme.knowledge.models import Article, ArticleVersion, Attachment
from leerritme.knowledge.services import articles as services
from leerritme.orgs.access import get_in_organisation
from leerritme.orgs.rules import can


def fragment(request) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


def article_for(request, uuid, *, edit: bool = False) -> Article:
    """The article, or 404 when it does not exist or the person may not read it (the same answer)."""
    article = get_in_organisation(Article.objects.select_related("owner__user", "team", "community"), uuid=uuid)
    if not can(request.person, "knowledge.article.view", article):
        raise Http404
    if edit and not can(request.person, "knowledge.article.edit", article):
        raise PermissionDenied
    return article


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error)


def article_list(request, org):
    """Published articles I may read (newest first), with my own drafts above them."""
    skill_uuid = request.GET.get("skill") or ""
    page = selectors.article_page(request.person, skill_uuid=skill_uuid, page=request.GET.get("page"))
    template = "knowledge/articles/list.html"
    if fragment(request):
        template += "#articles"
    return render(request, template, {
        "page": page, "drafts": selectors.my_drafts(request.person) if not skill_uuid else [],
        "skill": page.skill,
    })


def article_detail(request, org, uuid):
    article = article_for(request, uuid)
    me = request.person
    context = selectors.article_context(article, me)
    context.update({
        "article": article,
        "can_edit": can(me, "knowledge.article.edit", article),
        "can_delete": can(me, "knowledge.article.delete", article),
        "attachment_form": AttachmentForm(),
    })
    return render(request, "knowledge/articles/detail.html", context)


def article_create(request, org):
    """A new article; with ?from_answer=<uuid>, it starts from that answer ("turn it into an article")."""
    answer = _answer_from(request)
    initial = {}
    if answer is not None:
        initial = {"title": answer.question.title, "body": answer.body,
                   "skills": list(answer.question.skills.all())}
    form = ArticleForm(request.POST or None, person=request.person, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(owner=request.person, values=form.to_input(),
                                              publish="publish" in request.POST, from_answer=answer)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Published.") if article.is_published else gettext("Draft saved."))
            return redirect("knowledge:article", org=org, uuid=article.uuid)
    return render(request, "knowledge/articles/form.html", {"form": form, "article": None, "from_answer": answer})


def _answer_from(request):
    from leerritme.knowledge.models import Answer
    from leerritme.knowledge.selectors import _valid_uuid

    value = request.GET.get("from_answer") or ""
    if not value or not _valid_uuid(value):
        return None
    return Answer.objects.filter(uuid=value).select_related("question", "author__user").first()


def article_edit(request, org, uuid):
    article = article_for(request, uuid, edit=True)
    form = ArticleForm(request.POST or None, person=request.person, initial=ArticleForm.initial_for(article))
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_update(article=article, by=request.person, values=form.to_input(),
                                              note=form.cleaned_data.get("note") or "",
                                              publish="publish" in request.POST)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, gettext("Saved."))
            return redirect("knowledge:article", org=org, uuid=article.uuid)
    return render(request, "knowledge/articles/form.html", {"form": form, "article": article})


@require_POST
def article_preview(request, org):
    """The live preview: the text as colleagues will see it, sanitised exactly as on saving."""
    html = render_markdown(request.POST.get("body", "")[:100_000])
    return render(request, "knowledge/articles/form.html#preview", {"preview_html": html})


@require_POST
def article_publish(request, org, uuid):
    article = article_for(request, uuid, edit=True)
    if request.POST.get("action") == "unpublish":
        services.article_unpublish(article=article, by=request.person)
        messages.success(request, gettext("The article is a draft again; only its authors see it."))
    else:
        services.article_publish(article=article, by=request.person)
        messages.success(request, gettext("Published."))
    return redirect("knowledge:article", org=org, uuid=article.uuid)


@require_POST
def article_reviewed(request, org, uuid):
    article = article_for(request, uuid, edit=True)
    services.article_mark_reviewed(article=article, by=request.person)
    messages.success(request, gettext("Marked as reviewed. Thank you for keeping it right."))
    return redirect("knowledge:article", org=org, uuid=article.uuid)


def article_delete(request, org, uuid):
    article = article_for(request, uuid)
    if not can(request.person, "knowledge.article.delete", article):
        raise PermissionDenied
    if request.method == "POST":
        services.article_delete(article=article, by=request.person)
        messages.success(request, gettext("The article is deleted."))
        return redirect("knowledge:articles", org=org)
    return render(request, "knowledge/articles/delete.html", {"article": article})


def article_history(request, org, uuid):
    article = article_for(request, uuid, edit=True)
    versions = list(article.versions.select_related("author__user"))
    return render(request, "knowledge/articles/history.html", {"article": article, "versions": versions})


def article_diff(request, org, uuid):
    """What changed between two versions (by default the one asked for and the one before it)."""
    article = article_for(request, uuid, edit=True)
    versions = {v.number: v for v in article.versions.select_related("author__user")}
    try:
        new = int(request.GET.get("to") or article.version)
        old = int(request.GET.get("from") or new - 1)
    except ValueError:
        raise Http404 from None
    if new not in versions or old not in versions:
        raise Http404
    return render(request, "knowledge/articles/diff.html", {
        "article": article, "old": versions[old], "new": versions[new],
        "diff": version_diff(versions[old], versions[new]),
        "numbers": sorted(versions, reverse=True),
    })


@require_POST
def article_restore(request, org, uuid, number):
    article = article_for(request, uuid, edit=True)
    version = get_in_organisation(ArticleVersion.objects, article=article, number=number)
    services.article_restore(article=article, version=version, by=request.person)
    messages.success(request, gettext("Version %(n)s is the current text again.") % {"n": number})
    return redirect("knowledge:article", org=org, uuid=article.uuid)


@require_POST
def article_feedback(request, org, uuid):
    article = article_for(request, uuid)
    form = FeedbackForm(request.POST)
    if form.is_valid() and article.is_published:
        services.article_feedback_give(article=article, person=request.person, helpful=form.cleaned_data["helpful"],
                                       comment=form.cleaned_data.get("comment") or "")
    context = {"article": article, **selectors.article_context(article, request.person)}
    if fragment(request):
        return render(request, "knowledge/articles/detail.html#feedback", context)
    messages.success(request, gettext("Thank you for your feedback."))
    return redirect("knowledge:article", org=org, uuid=article.uuid)


@require_POST
def attachment_upload(request, org, uuid):
    article = article_for(request, uuid, edit=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(article=article, upload=form.cleaned_data["file"],
                                                 by=request.person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("“%(name)s” is attached.") % {"name": attachment.name})
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("knowledge:article", org=org, uuid=article.uuid)


@require_POST
def attachment_delete(request, org, uuid):
    attachment = get_in_organisation(Attachment.objects.select_related("article"), uuid=uuid)
    article = article_for(request, attachment.article.uuid, edit=True)
    services.attachment_remove(attachment=attachment, by=request.person)
    messages.success(request, gettext("The file is removed."))
    return redirect("knowledge:article", org=org, uuid=article.uuid)


@require_GET
def attachment_file(request, org, uuid):
    """The file itself, only to people who may read its article; never run as a page by the browser."""
    attachment = get_in_organisation(Attachment.objects.select_related("article"), uuid=uuid)
    if not can(request.person, "knowledge.article.view", attachment.article):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=attachment.content_type,
                            as_attachment=not attachment.is_image, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response

