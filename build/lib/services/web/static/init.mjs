// Progressive enhancement only: every page works without this.
import { initAll } from "/frontend/govuk/govuk-frontend.min.js";

initAll();
