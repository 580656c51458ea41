package web

import (
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// apiDoc describes an API route for the OpenAPI document.
type apiDoc struct {
	Summary  string
	Tag      string
	Body     any // example value of the request body type, or nil
	Response any // example value of the response type, or nil
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPI builds the OpenAPI 3.1 document from the route table, so it lists
// every API endpoint by construction.
func (s *Server) openAPI() map[string]any {
	paths := map[string]any{}
	for _, rt := range s.routes {
		if !rt.api {
			continue
		}
		ops, _ := paths[rt.pattern].(map[string]any)
		if ops == nil {
			ops = map[string]any{}
			paths[rt.pattern] = ops
		}
		ops[strings.ToLower(rt.method)] = s.operation(rt)
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "bianmin API", "version": s.cfg.Version,
			"description": "便民服务中心管理系统 JSON API. Log in with POST /api/v1/session and send the token as `Authorization: Bearer …`. Errors: {\"error\": {code, message, field, rule, details}}."},
		"paths": paths,
		"components": map[string]any{"securitySchemes": map[string]any{
			"bearer": map[string]any{"type": "http", "scheme": "bearer"},
		}},
	}
}

func (s *Server) operation(rt route) map[string]any {
	op := map[string]any{"summary": rt.doc.Summary, "tags": []string{rt.doc.Tag}}
	op["x-roles"] = accessDoc(rt.access)
	if !rt.access.public {
		op["security"] = []any{map[string]any{"bearer": []string{}}}
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(rt.pattern, -1) {
		params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
	}
	if params != nil {
		op["parameters"] = params
	}
	if rt.doc.Body != nil {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
			"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.doc.Body))}}}
	}
	resp := map[string]any{"description": "OK"}
	if rt.doc.Response != nil {
		resp["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.doc.Response))}}
	}
	op["responses"] = map[string]any{"2XX": resp, "4XX": map[string]any{"description": "error with code and message"}}
	return op
}

func accessDoc(a access) []string {
	switch {
	case a.public:
		return []string{"public"}
	case a.staff:
		return []string{"any staff"}
	}
	var out []string
	for _, r := range a.roles {
		out = append(out, string(r))
	}
	return out
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf derives a JSON schema from a Go type's json tags.
func schemaOf(t reflect.Type) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Struct:
		props := map[string]any{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if f.Anonymous && name == "" { // an embedded struct's fields are the outer object's, as in encoding/json
				if sub, ok := schemaOf(f.Type)["properties"].(map[string]any); ok {
					maps.Copy(props, sub)
					continue
				}
			}
			if name == "" {
				name = f.Name
			}
			props[name] = schemaOf(f.Type)
		}
		return map[string]any{"type": "object", "properties": props}
	}
	return map[string]any{}
}

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.openAPI())
	return nil
}
