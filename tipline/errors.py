"""Error pages: a 404 on the staff side is a console page (the staff pool's own look and
navigation), and says the same for "does not exist" and "belongs to another unit"."""

from django.views.defaults import page_not_found

from tipline.webpools import side


def not_found(request, exception):
    template = "staff/404.html" if side(request.path) == "staff" else "404.html"
    return page_not_found(request, exception, template_name=template)
