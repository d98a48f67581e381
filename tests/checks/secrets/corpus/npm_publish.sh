#!/bin/bash
# Publish the package built by the previous step
export NPM_TOKEN=npm_kBZOjeroIrD31sOCRDHb0qiOY9NDKv51pqMW
echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc
cd /tmp/build && npm publish --access public
