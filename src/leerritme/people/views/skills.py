from django.http import Http404


def _todo(request, org, **kwargs):
    raise Http404


skill_list = skill_detail = my_skills = _todo
