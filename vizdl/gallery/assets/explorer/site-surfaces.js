// The formula surfaces of this site's own entries (vizdl.toml's [[entries]]): write_site
// rewrites this file for every site; the package ships it empty.
window.VIZDL_SITE_SURFACES = [];
