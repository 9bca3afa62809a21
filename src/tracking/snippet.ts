import { linkCodePattern } from './rules/links.js';

/** The click id query parameter and cookie the redirect uses (SPEC §4, §12). */
export const clickParameter = 'emd_click';

/**
 * The browser snippet for sites that cannot send visitors through the redirect: it reads
 * `emd_click` from the page URL and keeps it in a first-party cookie for the attribution window,
 * so the site's signup can send it. Only ids shaped like click ids are kept. Pure: the window is
 * baked in when the script is served.
 */
export function snippetSource(cookieWindowDays: number): string {
  const maxAgeSeconds = Math.round(cookieWindowDays * 86_400);
  const idPattern = linkCodePattern.source.replace('{3,64}', '{1,128}');
  return `/* EmDash Affiliates: keeps ${clickParameter} from the URL in a first-party cookie for ${cookieWindowDays} days */
(function (w, d) {
  try {
    var m = /[?&]${clickParameter}=([^&#]*)/.exec(w.location.search);
    if (!m) return;
    var id = decodeURIComponent(m[1]);
    if (!/${idPattern}/.test(id)) return;
    d.cookie = "${clickParameter}=" + id + "; Max-Age=${maxAgeSeconds}; Path=/; SameSite=Lax" +
      (w.location.protocol === "https:" ? "; Secure" : "");
  } catch (e) {}
})(window, document);
`;
}
