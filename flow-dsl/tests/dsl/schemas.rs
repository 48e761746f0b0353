//! One test per schema kind.

use flow_dsl::prelude::*;
use serde_json::json;

use crate::{json_of, lines};

fn schema(configure: impl FnOnce(&mut flow_dsl::SchemaBuilder)) -> serde_json::Value {
    let schema = Schema::build(configure).unwrap_or_else(|e| panic!("{e}"));
    let back: Schema = flow_model::parse(&json_of(&schema).to_string()).expect("parses");
    assert_eq!(back, schema);
    json_of(&schema)
}

#[test]
fn common_members() {
    let v = schema(|s| {
        s.string(|s| {
            s.id("name").title("Name").description("As on your ID").control("text");
            s.hidden(false).disabled(true).refresh_step_on_change(true).analytics_id("name-field");
            s.validation_message("required", "Please enter your name").extra("autofill", "name");
        });
    });
    assert_eq!(
        v,
        json!({"type": "string", "$id": "name", "title": "Name", "description": "As on your ID",
               "control": "text", "hidden": false, "disabled": true, "refreshStepOnChange": true,
               "validationMessages": {"required": "Please enter your name"}, "analyticsId": "name-field",
               "autofill": "name"})
    );
}

#[test]
fn object() {
    let v = schema(|s| {
        s.object(|o| {
            o.property("b").boolean(|_| {});
            o.property("a").string(|_| {});
            o.required(["a"]).display_order(["a", "b"]);
        });
    });
    assert_eq!(
        v,
        json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "boolean"}},
               "required": ["a"], "displayOrder": ["a", "b"]})
    );
}

#[test]
fn object_rules() {
    let err = Schema::build(|s| {
        s.object(|o| {
            o.property("a").string(|_| {});
            o.property("a").string(|_| {});
            o.property("empty");
            o.required(["missing"]);
        });
    })
    .unwrap_err();
    assert_eq!(
        lines(&err),
        [
            "/properties/a: property defined twice",
            "/properties/empty: expected exactly one schema, got 0",
            "/required: names \"missing\", which is not in properties"
        ]
    );
}

#[test]
fn array() {
    let v = schema(|s| {
        s.array(|a| {
            a.title("Tags").min_items(1).max_items(3);
            a.items().string(|s| {
                s.max_length(10);
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "array", "title": "Tags", "items": {"type": "string", "maxLength": 10},
               "minItems": 1, "maxItems": 3})
    );
}

#[test]
fn string() {
    let v = schema(|s| {
        s.string(|s| {
            s.format("email").pattern("^.+@.+$").min_length(3).max_length(80);
            s.default_value("me@example.com").placeholder("you@example.com");
        });
    });
    assert_eq!(
        v,
        json!({"type": "string", "format": "email", "pattern": "^.+@.+$", "minLength": 3, "maxLength": 80,
               "default": "me@example.com", "placeholder": "you@example.com"})
    );
}

#[test]
fn number_and_integer() {
    let number = schema(|s| {
        s.number(|n| {
            n.minimum(0.5).maximum(99.75).default_value(1.25).placeholder("0.00");
        });
    });
    assert_eq!(
        number,
        json!({"type": "number", "minimum": 0.5, "maximum": 99.75, "default": 1.25, "placeholder": "0.00"})
    );
    let integer = schema(|s| {
        s.integer(|n| {
            n.minimum(1u8).maximum(u64::MAX).default_value(-3i64);
        });
    });
    assert_eq!(integer, json!({"type": "integer", "minimum": 1, "maximum": u64::MAX, "default": -3}));
}

#[test]
fn number_rules() {
    let err = Schema::build(|s| {
        s.number(|n| {
            n.minimum(f64::NAN).maximum(f64::INFINITY).default_value(f32::NEG_INFINITY);
        });
    })
    .unwrap_err();
    assert_eq!(err.problems.len(), 3, "{err}");
    assert!(err.problems.iter().all(|p| p.message.starts_with("must be a finite number")));
    // Setting a good value again clears the earlier problem.
    let ok = Schema::build(|s| {
        s.number(|n| {
            n.minimum(f64::NAN).minimum(2);
        });
    });
    assert!(ok.is_ok());
    let inverted = Schema::build(|s| {
        s.integer(|n| {
            n.minimum(5).maximum(1);
        });
    })
    .unwrap_err();
    assert_eq!(lines(&inverted), ["/minimum: greater than maximum"]);
}

#[test]
fn boolean() {
    assert_eq!(
        schema(|s| {
            s.boolean(|b| {
                b.default_value(true);
            });
        }),
        json!({"type": "boolean", "default": true})
    );
}

#[test]
fn blob() {
    let v = schema(|s| {
        s.blob(|b| {
            b.accepts(["image/png", "image/jpeg"]).max_size(5_000_000).source("camera");
        });
    });
    assert_eq!(
        v,
        json!({"type": "blob", "accepts": ["image/png", "image/jpeg"], "maxSize": 5000000, "source": "camera"})
    );
}

#[test]
fn one_of_and_const() {
    let v = schema(|s| {
        s.one_of(|o| {
            o.title("Currency").default_value("EUR");
            o.one_of(|alts| {
                alts.constant("GBP").title("Pound");
                alts.constant(json!({"code": "EUR"})).title("Euro");
            });
        });
    });
    assert_eq!(
        v,
        json!({"title": "Currency", "oneOf": [{"title": "Pound", "const": "GBP"},
                                               {"title": "Euro", "const": {"code": "EUR"}}],
               "default": "EUR"})
    );
    let empty = Schema::build(|s| {
        s.one_of(|_| {});
    })
    .unwrap_err();
    assert_eq!(lines(&empty), ["/oneOf: must not be empty"]);
}

#[test]
fn const_alone() {
    assert_eq!(
        schema(|s| {
            s.constant(json!(null)).title("Nothing");
        }),
        json!({"title": "Nothing", "const": null})
    );
}

#[test]
fn all_of() {
    let v = schema(|s| {
        s.all_of(|a| {
            a.id("address");
            a.all_of(|parts| {
                parts.object(|o| {
                    o.property("street").string(|_| {});
                });
                parts.object(|o| {
                    o.property("city").string(|_| {});
                });
            });
        });
    });
    assert_eq!(
        v,
        json!({"$id": "address", "allOf": [
            {"type": "object", "properties": {"street": {"type": "string"}}},
            {"type": "object", "properties": {"city": {"type": "string"}}}]})
    );
}

#[test]
fn raw_and_value_schemas() {
    let step = Step::build(|s| {
        s.id("x").title("x");
        s.schemas(|sc| {
            sc.raw(json!({"type": "date-range", "$id": "when"}));
            sc.push(Schema::build(|s| {
                s.boolean(|b| {
                    b.id("agree");
                });
            }));
        });
        s.schema(json!({"type": "string", "$id": "typed"}));
    })
    .unwrap();
    assert!(matches!(step.schemas()[0], Schema::Unknown(_)));
    assert!(matches!(step.schemas()[2], Schema::String(_)));
    assert_eq!(step.schemas().iter().filter_map(Schema::id).collect::<Vec<_>>(), ["when", "agree", "typed"]);
}

#[test]
fn extra_cannot_fake_a_discriminator() {
    let err = Schema::build(|s| {
        s.string(|s| {
            s.extra("const", 1).extra("oneOf", json!([])).extra("type", "number").extra("minLength", -1);
        });
    })
    .unwrap_err();
    assert_eq!(err.paths().collect::<Vec<_>>(), ["/const", "/oneOf", "/type", "/minLength"]);
}

#[test]
fn tuple() {
    let v = schema(|s| {
        s.tuple(|t| {
            t.id("pair");
            t.items(|i| {
                i.integer(|_| {});
                i.boolean(|_| {});
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "array", "$id": "pair", "items": [{"type": "integer"}, {"type": "boolean"}]})
    );
}

#[test]
fn current_generation_common_members() {
    let v = schema(|s| {
        s.boolean(|b| {
            b.icon(json!({"name": "shield"})).image(json!({"url": "i.png"})).media(json!({"type": "avatar"}));
            b.keywords(["insure"]).help("Covers loss").summary(json!({"providesTitle": true}));
            b.alert(|a| {
                a.markdown("Optional").context(Context::Neutral);
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "boolean", "icon": {"name": "shield"}, "image": {"url": "i.png"},
               "media": {"type": "avatar"}, "keywords": ["insure"],
               "alert": {"markdown": "Optional", "context": "neutral"},
               "help": {"markdown": "Covers loss"}, "summary": {"providesTitle": true}})
    );
    let err = Schema::build(|s| {
        s.boolean(|b| {
            b.alert(|_| {});
        });
    })
    .unwrap_err();
    assert_eq!(lines(&err), ["/alert/markdown: required"]);
}

#[test]
fn string_input_members() {
    let v = schema(|s| {
        s.string(|s| {
            s.autocomplete_hint(["email"]).autofill_provider("google").autofill_key("email");
            s.autocapitalization("none").display_format("****").minimum_date("2020-01-01");
            s.maximum_date("2030-01-01").accepts(["image/png"]).max_size(10).source("file");
            s.suggestions(json!({"values": [{"label": "me", "value": "me@x"}]}));
        });
    });
    assert_eq!(
        v,
        json!({"type": "string", "autocompleteHint": ["email"], "autofillProvider": "google",
               "autofillKey": "email", "autocapitalization": "none", "displayFormat": "****",
               "minimumDate": "2020-01-01", "maximumDate": "2030-01-01", "accepts": ["image/png"],
               "maxSize": 10, "source": "file", "suggestions": {"values": [{"label": "me", "value": "me@x"}]}})
    );
    let array = schema(|s| {
        s.array(|a| {
            a.add_item_title("Add").edit_item_title("Edit");
            a.items().string(|_| {});
        });
    });
    assert_eq!(array["addItemTitle"], "Add");
    assert_eq!(array["editItemTitle"], "Edit");
    let blob = schema(|s| {
        s.blob(|b| {
            b.camera_config(json!({"direction": "back"}));
        });
    });
    assert_eq!(blob["cameraConfig"], json!({"direction": "back"}));
    let one_of = schema(|s| {
        s.one_of(|o| {
            o.placeholder("Pick one").one_of(|a| {
                a.constant(1);
            });
        });
    });
    assert_eq!(one_of["placeholder"], "Pick one");
    let number = schema(|s| {
        s.number(|n| {
            n.autocomplete_hint(["transaction-amount"]);
        });
    });
    assert_eq!(number["autocompleteHint"], json!(["transaction-amount"]));
}

#[test]
fn persist_and_validation_async() {
    let v = schema(|s| {
        s.string(|s| {
            s.persist_async(|p| {
                p.url("/persist").method("PUT").param("value").id_property("id").extra("x-retry", 2);
                p.schema().string(|_| {});
            });
            s.validation_async(|v| {
                v.url("/check").method("POST").param("iban");
            });
        });
    });
    assert_eq!(
        v,
        json!({"type": "string",
               "persistAsync": {"url": "/persist", "method": "PUT", "param": "value", "idProperty": "id",
                                "schema": {"type": "string"}, "x-retry": 2},
               "validationAsync": {"url": "/check", "method": "POST", "param": "iban"}})
    );
    let err = Schema::build(|s| {
        s.boolean(|b| {
            b.persist_async(|_| {}).validation_async(|_| {});
        });
    })
    .unwrap_err();
    let paths: Vec<&str> = err.paths().collect();
    for expected in [
        "/persistAsync/url",
        "/persistAsync/param",
        "/persistAsync/idProperty",
        "/persistAsync/schema",
        "/validationAsync/url",
    ] {
        assert!(paths.contains(&expected), "{expected} not in {paths:?}");
    }
    let array = schema(|s| {
        s.array(|a| {
            a.items().blob(|_| {});
            a.persist_async(|p| {
                p.url("/u").param("f").id_property("id").schema().blob(|_| {});
            });
            a.validation_async(|v| {
                v.url("/v");
            });
        });
    });
    assert_eq!(array["persistAsync"]["schema"], json!({"type": "blob"}));
    let one_of = schema(|s| {
        s.one_of(|o| {
            o.one_of(|a| {
                a.constant("x");
            });
            o.persist_async(|p| {
                p.url("/u").param("f").id_property("id").schema().string(|_| {});
            });
        });
    });
    assert_eq!(one_of["persistAsync"]["url"], "/u");
    let number = schema(|s| {
        s.integer(|n| {
            n.validation_async(|v| {
                v.url("/n");
            })
            .persist_async(|p| {
                p.url("/p").param("n").id_property("id").schema().integer(|_| {});
            });
        });
    });
    assert_eq!(number["validationAsync"], json!({"url": "/n"}));
}
