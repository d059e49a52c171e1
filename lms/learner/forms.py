from django import forms

from lms.ratings.models import MAX_RATING, MIN_RATING


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[
            (star, f"{star} star{'s' if star > 1 else ''}") for star in range(MAX_RATING, MIN_RATING - 1, -1)
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    reviews = forms.CharField(
        label="Your review", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    display_name = forms.CharField(
        label="Show my review as", required=False, max_length=255, help_text="Blank: your name."
    )
