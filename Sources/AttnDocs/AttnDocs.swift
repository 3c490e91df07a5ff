// AttnDocs
