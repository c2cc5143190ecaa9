from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..auth.service import update_settings
from ..errors import ValidationFailed
from . import bp
from .forms import SettingsForm


@bp.route("", methods=["GET", "POST"])
@login_required
def index() -> str | Response:
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    form = SettingsForm(data={"timezone": user.timezone, "wake_time": user.wake_time or ""})
    if form.validate_on_submit():
        try:
            update_settings(user, timezone=form.timezone.data, wake_time=form.wake_time.data or "")
        except ValidationFailed as exc:
            for name, message in exc.fields.items():
                getattr(form, name).errors.append(message)
        else:
            flash("Settings saved.", "success")
            return redirect(url_for("account.index"))
    return render_template("account/index.html", form=form)
