window.CMS_MANUAL_INIT = true; /* cms-init.js starts Decap CMS after registering the YAML format */
