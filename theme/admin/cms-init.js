/* Start the editing interface: register the project's YAML format (cms-format.js), then
   initialise Decap CMS, which cms-setup.js told to wait (CMS_MANUAL_INIT). */
import { format } from "./cms-format.js";

window.CMS.registerCustomFormat("yaml-servicekatalog", "yaml", format);
window.CMS.init();
