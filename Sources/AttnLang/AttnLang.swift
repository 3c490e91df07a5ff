// AttnLang
