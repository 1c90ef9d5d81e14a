from modeltranslation.translator import TranslationOptions, register

from network.models import AccessibilityStatement, Contact, Page, Testimonial


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "lead", "body")


@register(Testimonial)
class TestimonialTranslation(TranslationOptions):
    fields = ("quote", "role")


@register(Contact)
class ContactTranslation(TranslationOptions):
    fields = ("role",)


@register(AccessibilityStatement)
class AccessibilityStatementTranslation(TranslationOptions):
    fields = ("non_accessible_content", "disproportionate_burden", "outside_scope")
