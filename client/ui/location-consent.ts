// The client's questions before a visit, in the waiting room, when the practice asks them: the country
// and state or province they are in right now (a list for the United States and Canada, their own words
// elsewhere), an address for emergencies if they wish, and the practice's consent text when it is due.
// Receives what to ask; reports the answer through a callback. Never talks to the network itself.
import { locationConsentMessages } from '../../shared/i18n/catalogues/location-consent.js';
import { type Language, translator } from '../../shared/i18n/translate.js';
import { isListedCountry, type ListedCountry, regionName, regionsOf } from '../../shared/regions.js';
import { h } from './dom.js';

export interface LocationAnswer {
  country: string;
  region: string;
  emergencyAddress?: string;
  consentVersion?: number;
}

export interface LocationQuestions {
  providerName: string;
  /** The consent text to agree to now, or null when none is due. */
  consent: { text: string; version: number } | null;
}

const OTHER = 'other';

export class LocationConsentForm {
  readonly element: HTMLElement;
  private readonly t;
  private readonly form: HTMLFormElement;
  private readonly done = h('div', { class: 'location-done', hidden: true });
  private readonly country: HTMLSelectElement;
  private readonly listed = h('div', { class: 'field' });
  private readonly region: HTMLSelectElement = h('select', { id: 'location-region', required: true });
  private readonly regionLabel = h('label', { for: 'location-region' });
  private readonly other = h('div', { class: 'location-other', hidden: true });
  private readonly countryName = h('input', { id: 'location-country-name', type: 'text', maxlength: '100', autocomplete: 'country-name' });
  private readonly regionText = h('input', { id: 'location-region-text', type: 'text', maxlength: '100', autocomplete: 'address-level1' });
  private readonly address = h('textarea', { id: 'location-address', rows: '2', maxlength: '300', autocomplete: 'street-address' });
  private readonly agree = h('input', { id: 'location-consent-agree', type: 'checkbox' });
  private readonly error = h('p', { class: 'location-error', role: 'alert' });
  private questions: LocationQuestions;

  constructor(
    private readonly language: Language,
    questions: LocationQuestions,
    private readonly onAnswer: (answer: LocationAnswer) => void,
  ) {
    this.t = translator(locationConsentMessages, language);
    this.questions = questions;
    const t = this.t;
    const provider = { provider: questions.providerName };
    this.country = h(
      'select',
      { id: 'location-country', required: true },
      h('option', { value: '', text: t('needCountry') }),
      h('option', { value: 'US', text: t('unitedStates') }),
      h('option', { value: 'CA', text: t('canada') }),
      h('option', { value: OTHER, text: t('anotherCountry') }),
    );
    this.country.addEventListener('change', () => this.showRegions());
    this.listed.append(this.regionLabel, this.region);
    this.other.append(
      h('div', { class: 'field' }, h('label', { for: this.countryName.id, text: t('countryName') }), this.countryName),
      h('div', { class: 'field' }, h('label', { for: this.regionText.id, text: t('region') }), this.regionText),
    );
    this.address.setAttribute('aria-describedby', 'location-address-hint');
    this.form = h(
      'form',
      { class: 'location-form', novalidate: true, 'aria-labelledby': 'location-heading' },
      h('p', { text: t('intro', provider) }),
      h('div', { class: 'field' }, h('label', { for: this.country.id, text: t('country') }), this.country),
      this.listed,
      this.other,
      h(
        'div',
        { class: 'field' },
        h('label', { for: this.address.id, text: t('address') }),
        this.address,
        h('p', { id: 'location-address-hint', class: 'muted', text: t('addressHint', provider) }),
      ),
      this.consentPart(),
      this.error,
      h('button', { type: 'submit', class: 'primary', text: t('submit') }),
    );
    this.form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.submit();
    });
    this.element = h(
      'section',
      { class: 'location-consent', 'aria-labelledby': 'location-heading' },
      h('h3', { id: 'location-heading', text: t('heading') }),
      this.form,
      this.done,
    );
    this.showRegions();
  }

  /** The server refused the answer (it should not, after the checks here): ask again. */
  refused(): void {
    this.form.hidden = false;
    this.done.hidden = true;
    this.error.textContent = this.t('refused');
  }

  private consentPart(): HTMLElement | null {
    const { consent } = this.questions;
    if (!consent) return null;
    return h(
      'fieldset',
      { class: 'location-consent-text' },
      h('legend', { text: this.t('consentHeading') }),
      // A long text scrolls in its own box, which keyboard users can focus to scroll.
      h('div', { class: 'consent-text', tabindex: '0', role: 'region', 'aria-label': this.t('consentHeading'), text: consent.text }),
      h('div', { class: 'check' }, this.agree, h('label', { for: this.agree.id, text: this.t('consentAgree') })),
    );
  }

  private showRegions(): void {
    const chosen = this.country.value;
    this.listed.hidden = !isListedCountry(chosen);
    this.other.hidden = chosen !== OTHER;
    if (!isListedCountry(chosen)) return;
    const us = chosen === 'US';
    this.regionLabel.textContent = this.t(us ? 'state' : 'province');
    this.region.replaceChildren(
      h('option', { value: '', text: this.t(us ? 'chooseState' : 'chooseProvince') }),
      ...regionsOf(chosen as ListedCountry, this.language).map(([code, name]) => h('option', { value: code, text: name })),
    );
  }

  /** The answer, or the message saying what is missing. */
  private read(): LocationAnswer | string {
    const chosen = this.country.value;
    if (!chosen) return this.t('needCountry');
    const place =
      chosen === OTHER
        ? { country: this.countryName.value.trim(), region: this.regionText.value.trim() }
        : { country: chosen, region: this.region.value };
    if (chosen === OTHER && (!place.country || !place.region)) return this.t('needPlace');
    if (!place.region) return this.t('needRegion');
    const { consent } = this.questions;
    if (consent && !this.agree.checked) return this.t('needConsent');
    const address = this.address.value.trim();
    return { ...place, ...(address ? { emergencyAddress: address } : {}), ...(consent ? { consentVersion: consent.version } : {}) };
  }

  private submit(): void {
    const answer = this.read();
    if (typeof answer === 'string') {
      this.error.textContent = answer;
      return;
    }
    this.error.textContent = '';
    this.onAnswer(answer);
    // Agreed once is enough for this visit: changing the place does not ask for the consent again.
    this.questions = { ...this.questions, consent: null };
    this.form.querySelector('.location-consent-text')?.remove();
    const place = isListedCountry(answer.country) ? regionName(answer.region, this.language) : `${answer.region}, ${answer.country}`;
    const change = h('button', { type: 'button', class: 'secondary', text: this.t('change') });
    change.addEventListener('click', () => {
      this.form.hidden = false;
      this.done.hidden = true;
      this.country.focus();
    });
    this.done.replaceChildren(h('p', { role: 'status', text: this.t('stated', { provider: this.questions.providerName, place }) }), change);
    this.form.hidden = true;
    this.done.hidden = false;
  }
}
